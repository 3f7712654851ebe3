import * as z from 'zod/mini';
import { RULES, type Action } from '../../domain/lifecycle.js';
import { parseInstant } from '../../domain/time.js';
import type { FunctionAccess } from '../../access/least-privilege.js';
import { resource } from '../route.js';
import { communeParams, dateParam, DOSSIER_PATH, dossierParams, documents, ifMatch, integer, text, uuid } from './common.js';

const route = resource({ name: 'Workflow', description: 'The steps of a dossier, from the desk through the department and back' });

const version = { expectedVersion: z.optional(integer(1, Number.MAX_SAFE_INTEGER)) };
const reason = text(2000);
const instant = z.string().check(
  z.maxLength(40),
  z.refine((s) => !Number.isNaN(parseInstant(s)), 'an ISO 8601 date-time with an offset'),
);

/** A step reads the configuration and the dossier and stores the next version on the read one (its history entry is the change's trail entry). */
const step: FunctionAccess = { table: ['Query', 'GetItem', 'PutItem'] };

/**
 * The route of one workflow step: POST …/dossiers/{id}/<action>, its body the step's input (and
 * `expectedVersion`), its answer the dossier after it. Portals may call the steps the lifecycle
 * allows them.
 */
function transition<A extends Action, B extends z.ZodMiniType>(
  action: A,
  body: B,
  doc: {
    summary: string;
    description: string;
    roles: string;
    example: Record<string, unknown>;
    access?: FunctionAccess;
    under?: 'payment';
    answers?: Record<number, 'SigningStarted'>;
  },
) {
  return route({
    name: `dossiers-${action}`,
    method: 'POST',
    path: `${DOSSIER_PATH}/${doc.under ? `${doc.under}/` : ''}${action}`,
    entry: `functions/http/dossiers/${doc.under ? `${doc.under}-` : ''}${action}.ts`,
    portal: (RULES[action].roles as readonly string[]).includes('PORTAL'),
    params: dossierParams,
    body,
    roles: doc.roles,
    access: doc.access ?? step,
    summary: doc.summary,
    description: doc.description,
    example: doc.example,
    answers: { 200: action === 'accept' ? 'AcceptedDossier' : 'Dossier', ...doc.answers },
    etag: true,
    headers: [ifMatch],
  });
}

/** Every step of the lifecycle, by its action. */
export const steps = {
  accept: transition('accept', z.strictObject(version), {
    summary: 'Accept at the desk',
    description: 'The dossier gets its code and appointment and goes to its department; the answer carries the receipt (Form 01).',
    roles: 'RECEPTION',
    example: { expectedVersion: 1 },
    // It takes the next number of the daily sequence (the hand-over to the department is sent from the stream).
    access: { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'] },
  }),
  'request-supplement': transition(
    'request-supplement',
    z.strictObject({ ...version, reason, documents: z.array(text(300)).check(z.minLength(1), z.maxLength(100)) }),
    {
      summary: 'Ask for missing documents',
      description: 'Form 02. During processing the clock pauses until the documents arrive.',
      roles: 'RECEPTION, DEPT_HEAD',
      example: { reason: 'Thiếu bản sao giấy khai sinh', documents: ['Bản sao giấy khai sinh'] },
    },
  ),
  supplement: transition('supplement', z.strictObject({ ...version, documents }), {
    summary: 'Supply the missing documents',
    description: 'The dossier resumes where it was.',
    roles: 'PORTAL, RECEPTION',
    example: { documents: [{ name: 'Bản sao giấy khai sinh', kind: 'COPY', count: 1 }] },
  }),
  refuse: transition('refuse', z.strictObject({ ...version, reason }), {
    summary: 'Refuse to receive',
    description: 'Form 03: an incomplete or ineligible dossier is not received.',
    roles: 'RECEPTION',
    example: { reason: 'Thủ tục không thuộc thẩm quyền của xã' },
  }),
  assign: transition('assign', z.strictObject({ ...version, assignee: text(128) }), {
    summary: 'Assign a specialist',
    description: 'Or reassign one.',
    roles: 'DEPT_HEAD',
    example: { assignee: 'specialist-office@H30.01' },
  }),
  propose: transition('propose', z.strictObject({ ...version, outcome: z.enum(['APPROVE', 'REJECT']), summary: text(4000) }), {
    summary: 'Propose a result after appraisal',
    description: 'Only the assigned specialist.',
    roles: 'SPECIALIST (assignee)',
    example: { outcome: 'APPROVE', summary: 'Hồ sơ đầy đủ, đủ điều kiện cấp' },
  }),
  review: transition('review', z.strictObject({ ...version, agree: z.boolean(), note: text(4000) }), {
    summary: 'Agree, or send the appraisal back',
    description: 'Agreement sends the dossier to the leader.',
    roles: 'DEPT_HEAD',
    example: { agree: true, note: 'Đồng ý với đề xuất' },
  }),
  approve: transition('approve', z.strictObject({ ...version, decision: z.enum(['APPROVED', 'REJECTED']), note: text(4000), sign: z.optional(z.boolean()) }), {
    summary: 'Decide: approve or reject with reasons, signing the result',
    description:
      "A written rejection is a result too. With `sign: true` the latest RESULT draft (a PDF) is sent to the leader's signing provider and the answer is 202 with the signing session: the dossier stays at APPROVAL until the leader confirms on their signing device (GET …/signing/{sid}), then it moves on as without signing; a refusal or an expiry leaves it at APPROVAL with the reason. A dossier with a RESULT draft is approved only with `sign: true` (409 otherwise).",
    roles: 'LEADER',
    example: { decision: 'APPROVED', note: 'Đồng ý', sign: true },
    // Signing reads the draft and the signer's registration, stores the session and sends it to the signing queue.
    access: { table: ['Query', 'GetItem', 'PutItem'], files: ['GetObject'], sendsTo: ['SIGNING'] },
    answers: { 202: 'SigningStarted' },
  }),
  issue: transition(
    'issue',
    z.strictObject({
      ...version,
      /** The outgoing register's number: the next of the year (given, it must be that one). */
      number: z.optional(integer(1, 10_000_000)),
      symbol: z.optional(
        z.string().check(z.trim(), z.minLength(1), z.maxLength(40), z.regex(/^[0-9A-Za-zÀ-ỹĐđ./-]+$/, 'a register symbol such as 12/QĐ-UBND')),
      ),
      issuedOn: z.optional(dateParam),
    }),
    {
      summary: 'Register, seal and send the result to the desk',
      description:
        "The result takes the next number of the commune's outgoing register for the year (sổ văn bản đi; `number`, when given, must be it) and its symbol (`12/QĐ-UBND` unless given). A result the leader signed is checked first — the stored file is the one signed and the signature verifies (409 otherwise, and when it is no readable PDF) — then the commune's seal is added over it with an RFC 3161 timestamp (PAdES B-T), as the file's next version.",
      roles: 'CLERK',
      example: { expectedVersion: 7, symbol: '12/QĐ-UBND' },
      // The register's counter moves in the dossier's transaction (UpdateItem); the signed file is read, sealed and stored.
      access: { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'], files: ['GetObject', 'PutObject'] },
    },
  ),
  return: transition('return', z.strictObject(version), {
    summary: 'Return the result to the applicant',
    description: 'After this the applicant may rate the dossier.',
    roles: 'RECEPTION',
    example: {},
  }),
  withdraw: transition('withdraw', z.strictObject({ ...version, reason }), {
    summary: 'Withdraw the dossier',
    description: 'Form 05 (stop notice).',
    roles: 'PORTAL, RECEPTION',
    example: { reason: 'Người nộp không còn nhu cầu' },
  }),
  extend: transition('extend', z.strictObject({ ...version, newDueAt: instant, reason }), {
    summary: 'Apologise and set a new appointment',
    description: 'Form 04; the original appointment stays on record and the dossier is still measured against it.',
    roles: 'DEPT_HEAD',
    example: { newDueAt: '2026-03-12T17:00:00+07:00', reason: 'Cần xác minh thêm tại địa phương' },
  }),
  collect: transition(
    'collect',
    z.strictObject({
      ...version,
      method: z.enum(['CASH', 'BANK_TRANSFER']),
      /** The bank's transaction reference of a transfer. */
      reference: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64), z.regex(/^[0-9A-Za-z._\/-]+$/, 'a transaction reference'))),
      exemption: z.optional(z.strictObject({ group: text(32), evidence: text(500) })),
    }),
    {
      summary: 'Collect the fees at the desk',
      description:
        'Cash, or a bank transfer the desk confirms with the bank’s reference; an exemption group of the procedure takes its share off every line. PAID with one receipt per kind (phí, lệ phí), numbered in the commune’s receipt book with no gap; an exemption that leaves nothing is WAIVED. A dossier waiting for its reception fees starts processing now, its appointment counted from the payment. 409 when the payment is not awaited (two desks collecting at once: one of them).',
      roles: 'RECEPTION',
      example: { method: 'CASH' },
      // The dossier, the receipt book's counter and the receipts in one transaction.
      access: { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'] },
      under: 'payment',
    },
  ),
  waive: transition('waive', z.strictObject({ ...version, group: text(32), evidence: text(500) }), {
    summary: 'Waive the fees for an exempt applicant',
    description:
      'For a group of the procedure exempt from all of the fees (100 %), with the evidence seen; no receipt. A partial exemption is given to collect.',
    roles: 'RECEPTION',
    example: { group: 'HO_NGHEO', evidence: 'Giấy chứng nhận hộ nghèo số 125/GCN-UBND' },
    under: 'payment',
  }),
  refund: transition(
    'refund',
    z.strictObject({
      ...version,
      reason,
      reference: z.optional(z.string().check(z.maxLength(20), z.regex(/^\d{8}[0-9A-Z]{12}$/, 'the reference (MaThamChieu) of an online payment request'))),
    }),
    {
      summary: 'Refund the fees of a refused or withdrawn dossier, or an online payment owed back',
      description:
        'Without `reference`: the fees of a refused or withdrawn dossier that was paid; the receipts stay, marked refunded, and the refund is kept with its reason. With `reference`: an online payment of the dossier that the platform took when nothing (or another amount) was owed any more (listed in the collections report as `refundsDue`), given back once — the dossier’s own payment stays as it is and lists the refund in `overpaymentRefunds`; 404 for a reference the dossier owes nothing back of, 409 when it was refunded already. Both are a `refund` in the history (event dossier.refunded).',
      roles: 'LEADER',
      example: { reason: 'Hồ sơ bị từ chối sau khi đã nộp phí' },
      access: { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'] },
      under: 'payment',
    },
  ),
} satisfies { [A in Action]: unknown };

/** Dossiers one batch may hold: a day's results to return, a morning's intake to assign. */
export const BATCH_MAX_ITEMS = 50;
const ACTIONS = Object.keys(steps) as [Action, ...Action[]];

/** Many dossiers, one step: each item's body is that step's body (checked item by item). */
export const batchBody = z.strictObject({
  action: z.enum(ACTIONS),
  items: z.array(z.strictObject({ id: uuid, ...version, body: z.optional(z.record(z.string().check(z.maxLength(64)), z.unknown())) })).check(
    z.minLength(1),
    z.maxLength(BATCH_MAX_ITEMS),
    z.refine((items) => new Set(items.map((i) => i.id)).size === items.length, 'each dossier at most once'),
  ),
});

export const routes = {
  ...steps,
  batch: route({
    name: 'dossiers-batch',
    method: 'POST',
    path: '/v1/communes/{c}/dossiers/batch',
    entry: 'functions/http/dossiers/batch.ts',
    params: communeParams,
    body: batchBody,
    roles: "the step's roles",
    // Any step, as its single route; accept takes the next number of the daily sequence; signed approvals read the drafts and send their session to the signing queue.
    access: { table: ['Query', 'GetItem', 'PutItem', 'UpdateItem'], files: ['GetObject'], sendsTo: ['SIGNING'] },
    summary: 'Take one step for many dossiers',
    description: `At most ${BATCH_MAX_ITEMS} dossiers of the commune. Each item is its own step, exactly as its single route takes it: its checks, its \`expectedVersion\`, its history entry and events. One that is refused (another commune's dossier, a stale version, a step its state does not allow, an invalid body) fails alone: the answer is 200 with a result per item, in order — \`status\` 200 and the dossier's new \`version\`, or the status and \`problem\` its single route would have answered. The caller must hold a role of the step and act in the commune. Approvals with \`sign: true\` are signed under one authorisation: the drafts of every item that can be signed go to the leader's provider in one request, the leader confirms once on their signing device, and each of those items answers \`status\` 202 with the same \`signing\` session (GET …/dossiers/{id}/signing/{sid} on any of them); once signed, every one of them moves on as its single approval does, and a refusal or an expiry leaves every one at APPROVAL with the reason. An item that cannot be signed (no PDF draft, a stale version, another commune's dossier) fails alone and is not part of the session.`,
    example: { action: 'return', items: [{ id: '0b9f3a52-7f4e-4a57-9c39-2f7d4c9e1a10', expectedVersion: 9 }] },
    answers: { 200: 'BatchResults' },
  }),
};
