import * as z from 'zod/mini';
import { DOSSIER_CODE } from '../../domain/codes.js';
import { CHANNELS, DEPARTMENTS, STATUSES, STEPS } from '../../domain/model.js';
import { resource } from '../route.js';
import { communeParam, communeParams, DOSSIER_PATH, dossierParams, documents, pageQuery, text } from './common.js';

const route = resource({ name: 'Dossiers', description: 'Submission and the worklist of a commune' });

const idNumber = z.string().check(z.maxLength(12), z.regex(/^\d{9}$|^\d{12}$/, 'a 12-digit citizen ID (or 9-digit ID card) number'));
const phone = z.string().check(z.maxLength(16), z.regex(/^\+?\d{9,15}$/, 'a phone number'));
const dossierCode = z.string().check(z.maxLength(64), z.regex(DOSSIER_CODE, 'a dossier code'));

export const createDossierBody = z.strictObject({
  procedureCode: text(32),
  channel: z.enum(CHANNELS),
  applicant: z.strictObject({
    name: text(200),
    idNumber,
    phone: z.optional(phone),
    email: z.optional(z.email().check(z.maxLength(254))),
    address: text(500),
    notify: z.optional(z.array(z.enum(['SMS', 'EMAIL', 'ZALO'])).check(z.maxLength(3))),
  }),
  documents,
  competentCommune: z.optional(communeParam),
  note: z.optional(text(2000)),
});

export const listQuery = z.strictObject({
  status: z.optional(z.enum(STATUSES)),
  step: z.optional(z.enum(STEPS)),
  department: z.optional(z.enum(DEPARTMENTS)),
  assignee: z.optional(text(128)),
  timeliness: z.optional(z.enum(['EARLY', 'ON_TIME', 'LATE', 'ON_TRACK', 'AT_RISK', 'OVERDUE'])),
  supplied: z.optional(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((v) => v === 'true'),
    ),
  ),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'an integer'), z.gte(1), z.lte(100)), 20),
});

/**
 * The desk's search: exactly one of the code, the ID number or the phone, matched exactly. In a
 * body, not the URL, so that an ID number or phone never lands in a log or a browser history.
 */
export const searchBody = z
  .strictObject({
    code: z.optional(dossierCode),
    idNumber: z.optional(idNumber),
    phone: z.optional(phone),
    cursor: z.optional(z.string().check(z.maxLength(2000))),
    limit: z._default(z.int().check(z.gte(1), z.lte(100)), 20),
  })
  .check(
    z.refine((b) => [b.code, b.idNumber, b.phone].filter((v) => v !== undefined).length === 1, {
      message: 'give exactly one of code, idNumber and phone',
      path: ['code'],
    }),
  );

export const routes = {
  create: route({
    name: 'dossiers-create',
    method: 'POST',
    path: '/v1/communes/{c}/dossiers',
    entry: 'functions/http/dossiers/create.ts',
    portal: true,
    params: communeParams,
    body: createDossierBody,
    roles: 'PORTAL, RECEPTION',
    // Creating a dossier derives its lookup secret from the province's key item (made by the first dossier: a conditional PutItem).
    access: { table: ['Query', 'GetItem', 'PutItem'], audits: true, keys: ['lookup'] },
    summary: 'Submit a dossier',
    description:
      'Online by a portal (Idempotency-Key required), in person or by post at the desk. The answer carries the lookup secret, once: the applicant looks the dossier up with its code and this secret.',
    example: {
      procedureCode: '1.004873',
      channel: 'ONLINE',
      applicant: { name: 'Nguyễn Thị Hoa', idNumber: '001199012345', phone: '0912345678', email: 'hoa.nguyen@example.vn', address: 'Bản Nà Pa, xã Tân Uyên' },
      documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }],
    },
    answers: { 201: 'CreatedDossier' },
    etag: true,
    answerHeaders: {
      Location: { description: 'The path of the dossier', required: true },
      'Idempotent-Replayed': {
        description: '"true" when the answer is the one given to an earlier request with the same Idempotency-Key and body',
        required: false,
      },
    },
    headers: [
      {
        name: 'Idempotency-Key',
        required: false,
        description: 'Required from PORTAL: the same key and body answer the same dossier (8–128 of letters, digits, . _ : -)',
      },
    ],
  }),
  list: route({
    name: 'dossiers-list',
    method: 'GET',
    path: '/v1/communes/{c}/dossiers',
    entry: 'functions/http/dossiers/list.ts',
    portal: true,
    params: communeParams,
    query: listQuery,
    paged: true,
    roles: 'commune staff, province roles, PORTAL (own)',
    // An index of dossier keys, then the dossiers; its cursors are signed with a key derived from the lookup key item (a GetItem).
    access: { table: ['Query', 'GetItem', 'BatchGetItem'], indexes: ['worklist', 'byAssignee'], keys: ['lookup'] },
    summary: "A commune's worklist",
    description:
      "Narrowed by status, step, department, assignee, timeliness and whether the last supplement request was answered (supplied; with status SUBMITTED, the desk's Đã bổ sung list); a portal sees only the dossiers it submitted.",
    answers: { 200: 'Worklist' },
  }),
  // Before the dossier's own path, which the local runtime would otherwise match first (API Gateway prefers the literal).
  search: route({
    name: 'dossiers-search',
    method: 'POST',
    path: '/v1/communes/{c}/dossiers/search',
    entry: 'functions/http/dossiers/search.ts',
    params: communeParams,
    body: searchBody,
    paged: true,
    roles: 'commune staff, province roles',
    // A code through byCode and the item; an ID number or phone through its HMAC (the province's
    // key item) and a keys-only index, then the dossiers; each one found goes on its trail.
    access: { table: ['Query', 'GetItem', 'BatchGetItem'], indexes: ['byCode', 'byIdNumber', 'byPhone'], audits: true, keys: ['lookup'] },
    summary: "Search a commune's dossiers by code, ID number or phone",
    description:
      "Exactly one of `code`, `idNumber` or `phone`, matched exactly (a phone as +84…, 84… or 0…), newest first. The ID number and phone travel in the body, never the URL, and are matched through their HMAC under the province's key: no index holds them in clear. A code finds the dossier of this commune or received by its desk. Each dossier found is a read of its applicant's data and goes on its access trail (`search-code`, `search-id-number`, `search-phone`).",
    example: { idNumber: '001203004567' },
    answers: { 200: 'Worklist' },
  }),
  received: route({
    name: 'dossiers-received',
    method: 'GET',
    path: '/v1/communes/{c}/dossiers/received-for-others',
    entry: 'functions/http/dossiers/received.ts',
    params: communeParams,
    query: pageQuery,
    paged: true,
    roles: 'RECEPTION, province roles',
    // As the worklist: an index, the dossiers, the lookup key item for its cursors.
    access: { table: ['Query', 'GetItem', 'BatchGetItem'], indexes: ['receivedForOthers'], keys: ['lookup'] },
    summary: "The dossiers a commune's desk received for other communes",
    description:
      'Province-wide reception: what this desk received whose competent commune is another commune of the province, newest first. Each line names its competent commune (`commune`), whose path opens the dossier.',
    answers: { 200: 'Worklist' },
  }),
  get: route({
    name: 'dossiers-get',
    method: 'GET',
    path: DOSSIER_PATH,
    entry: 'functions/http/dossiers/get.ts',
    portal: true,
    params: dossierParams,
    roles: 'commune staff, province roles, PORTAL (own)',
    // The answer also shows the dossier's synchronisation with the national portal: a second GetItem.
    access: { table: ['Query', 'GetItem'], audits: true },
    summary: 'A dossier with its steps, hand-overs and history',
    description:
      'The ETag is the version a change may be based on (If-Match). `allowedActions` lists what the caller may do now, by the same rules the transitions apply.',
    answers: { 200: 'DossierRead' },
    etag: true,
  }),
  audit: route({
    name: 'dossiers-audit',
    method: 'GET',
    path: `${DOSSIER_PATH}/audit`,
    entry: 'functions/http/dossiers/audit.ts',
    params: dossierParams,
    query: pageQuery,
    paged: true,
    roles: 'PROVINCE_AUDITOR, LEADER (own commune)',
    // The trail is a Query of its own partition; listing it is on the trail too.
    access: { table: ['Query', 'GetItem'], audits: true, keys: ['lookup'] },
    summary: "A dossier's access trail",
    description:
      "Every read of the dossier's personal data (the dossier, its forms) and every change through the API, oldest first: who (sub, roles), what, when, from which address — never the data itself. Kept as long as the dossier, append-only; listing it is on record too.",
    answers: { 200: 'AuditTrail' },
  }),
  messages: route({
    name: 'dossiers-messages',
    method: 'GET',
    path: `${DOSSIER_PATH}/messages`,
    entry: 'functions/http/dossiers/messages.ts',
    params: dossierParams,
    roles: 'commune staff',
    // The applicant's messages are items of the dossier's partition (a Query); reading their texts is on the trail.
    access: { table: ['Query', 'GetItem'], audits: true },
    summary: "The messages sent to the dossier's applicant",
    description:
      'Every SMS, e-mail and Zalo message the applicant was sent for this dossier (accepted, supplement requested, refused, extended, result ready), oldest first: the channel, the event it told of (`type`), when it went out and the dossier version it told of — never the phone number or address. The text, which carries personal data, is answered only to RECEPTION and LEADER (who talk to the citizen), and that read goes on the access trail (`messages-read`).',
    answers: { 200: 'SentMessages' },
  }),
  verifyHistory: route({
    name: 'dossiers-verify-history',
    method: 'GET',
    path: `${DOSSIER_PATH}/history/verification`,
    entry: 'functions/http/dossiers/verify-history.ts',
    params: dossierParams,
    roles: 'commune staff, province roles',
    // The history chain recomputed from the stored dossier: a read of the dossier, nothing written.
    access: { table: ['Query', 'GetItem'] },
    summary: "Verify the dossier's history chain",
    description:
      'Each history entry carries the SHA-256 of its canonical form — the JSON array ["mot-cua/history/v1", dossier id, entry number from 1, previous entry\'s hash (64 zeros for the first), at, action, actor, status, step or null, note or null] in UTF-8 — so each hash covers every entry before it. This recomputes the chain from the stored entries and names the first entry that does not match. `historyHead` of the dossier and of Form 06 is the last hash: a printed sheet can be checked against it.',
    answers: { 200: 'HistoryVerification' },
  }),
};
