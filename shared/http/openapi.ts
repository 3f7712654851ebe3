import * as z from 'zod/mini';
import { contract } from './responses.js';
import { HTTP_ROUTES } from './routes.js';
import { INDICATOR_FORMULAS, INDICATORS } from '../domain/service-index.js';
import {
  attachmentBody,
  attachmentParams,
  calendarBody,
  calendarParams,
  codeParams,
  communeAdminParams,
  communeBody,
  communeParams,
  createDossierBody,
  dossierParams,
  formParams,
  listQuery,
  lookupQuery,
  pageQuery,
  procedureBody,
  procedureParams,
  provinceParams,
  reportDateQuery,
  ratingBody,
  searchBody,
  serviceIndexQuery,
  statisticsQuery,
  transitionBodies,
  webhookBody,
  webhookParams,
} from './schemas.js';

type Tag = keyof typeof TAGS;

const TAGS = {
  Catalogue: 'The public procedure catalogue of a province',
  Administration: 'What the province configures: catalogue, communes, working calendars',
  Dossiers: 'Submission and the worklist of a commune',
  Workflow: 'The steps of a dossier, from the desk through the department and back',
  Forms: 'The forms of Circular 03/2025/TT-VPCP, derived from the dossier',
  Files: 'Files of a dossier: uploaded and downloaded through presigned URLs, checked by the server',
  Reports: 'SLA-breach reports and periodic statistics',
  Lookup: 'What citizens see without an account: status lookup, the electronic result and rating',
  Webhooks: "A portal's webhooks: the events of the dossiers it submitted, POSTed and signed (Standard Webhooks), and their deliveries",
  Contract: 'This document',
};

interface Operation {
  tag: Tag;
  summary: string;
  description: string;
  /** Who may call it (JWT claim `roles`); public operations take no token. */
  roles?: string;
  params?: z.ZodMiniObject;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  example?: Record<string, unknown>;
  /** The named answer schema of each success status; null for an answer without content. */
  answers: Record<number, string | null>;
  /** The dossier version, as ETag, on success. */
  etag?: boolean;
  /** Further headers of the success answers, and whether each is always there. */
  answerHeaders?: Record<string, { description: string; required: boolean }>;
  headers?: { name: string; required: boolean; description: string }[];
  /** Further answers than the common ones (e.g. 429 of the public lookup). */
  more?: Record<number, string>;
  csv?: boolean;
  /** Also answers the printable form (Accept: application/pdf). */
  pdf?: boolean;
}

const ifMatch = { name: 'If-Match', required: false, description: 'The dossier version the change is based on ("3"); instead of expectedVersion' };

const TRANSITION_EXAMPLES: { [T in keyof typeof transitionBodies]: Record<string, unknown> } = {
  accept: { expectedVersion: 1 },
  'request-supplement': { reason: 'Thiếu bản sao giấy khai sinh', documents: ['Bản sao giấy khai sinh'] },
  supplement: { documents: [{ name: 'Bản sao giấy khai sinh', kind: 'COPY', count: 1 }] },
  refuse: { reason: 'Thủ tục không thuộc thẩm quyền của xã' },
  assign: { assignee: 'specialist-office@H30.01' },
  propose: { outcome: 'APPROVE', summary: 'Hồ sơ đầy đủ, đủ điều kiện cấp' },
  review: { agree: true, note: 'Đồng ý với đề xuất' },
  approve: { decision: 'APPROVED', note: 'Đồng ý' },
  issue: { expectedVersion: 7 },
  return: {},
  withdraw: { reason: 'Người nộp không còn nhu cầu' },
  extend: { newDueAt: '2026-03-12T17:00:00+07:00', reason: 'Cần xác minh thêm tại địa phương' },
};

const transition = (t: keyof typeof transitionBodies, summary: string, description: string, roles: string): Operation => ({
  tag: 'Workflow',
  summary,
  description,
  roles,
  params: dossierParams,
  body: transitionBodies[t],
  example: TRANSITION_EXAMPLES[t],
  answers: { 200: t === 'accept' ? 'AcceptedDossier' : 'Dossier' },
  etag: true,
  headers: [ifMatch],
});

const OPERATIONS: Record<string, Operation> = {
  'procedures-list': {
    tag: 'Catalogue',
    summary: 'The procedure catalogue of a province',
    description:
      'The current version of every procedure, sorted by code; a dossier keeps the version it was accepted under. `communes` lists the communes of the province (unit code, name): any of them may be the competent commune of a dossier a desk receives (province-wide reception).',
    params: provinceParams,
    answers: { 200: 'Catalogue' },
  },
  'admin-put-procedure': {
    tag: 'Administration',
    summary: 'Publish a new version of a procedure',
    description: 'The step budgets must add up to the processing time. 201 for a new procedure, 200 for a new version of one.',
    roles: 'PROVINCE_ADMIN',
    params: procedureParams,
    body: procedureBody,
    example: {
      name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      department: 'OFFICE',
      processing: { kind: 'WORKING_DAYS', days: 3 },
      stepBudgets: { RECEPTION: 0.25, ASSIGNMENT: 0.25, APPRAISAL: 1.5, REVIEW: 0.5, APPROVAL: 0.25, ISSUANCE: 0.25 },
      requiredDocuments: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
      fee: 0,
      supplementRule: 'PAUSE',
    },
    answers: { 200: 'Procedure', 201: 'Procedure' },
    etag: true,
  },
  'admin-put-commune': {
    tag: 'Administration',
    summary: 'Onboard or update a commune',
    description: 'From this answer on the commune can receive and work dossiers. 201 when onboarded, 200 when updated.',
    roles: 'PROVINCE_ADMIN',
    params: communeAdminParams,
    body: communeBody,
    example: {
      name: 'Tân Uyên',
      centers: [{ name: 'Trung tâm Phục vụ hành chính công xã Tân Uyên', address: 'Thị trấn Tân Uyên' }],
      departments: ['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY'],
    },
    answers: { 200: 'Commune', 201: 'Commune' },
    etag: true,
  },
  'admin-put-calendar': {
    tag: 'Administration',
    summary: "Store a year's days off and make-up working days",
    description: "From the year's official notice; every date lies in the year of the path, make-up working days fall on a weekend.",
    roles: 'PROVINCE_ADMIN',
    params: calendarParams,
    body: calendarBody(2026),
    example: { daysOff: ['2026-01-01', '2026-04-27', '2026-04-30', '2026-05-01'], workingDays: [], source: 'Thông báo nghỉ lễ năm 2026' },
    answers: { 200: 'Calendar' },
    etag: true,
  },
  'dossiers-create': {
    tag: 'Dossiers',
    summary: 'Submit a dossier',
    description:
      'Online by a portal (Idempotency-Key required), in person or by post at the desk. The answer carries the lookup secret, once: the applicant looks the dossier up with its code and this secret.',
    roles: 'PORTAL, RECEPTION',
    params: communeParams,
    body: createDossierBody,
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
  },
  'dossiers-list': {
    tag: 'Dossiers',
    summary: "A commune's worklist",
    description: 'Narrowed by status, step, department, assignee and timeliness; a portal sees only the dossiers it submitted.',
    roles: 'commune staff, province roles, PORTAL (own)',
    params: communeParams,
    query: listQuery,
    answers: { 200: 'Worklist' },
  },
  'dossiers-search': {
    tag: 'Dossiers',
    summary: "Search a commune's dossiers by code, ID number or phone",
    description:
      "Exactly one of `code`, `idNumber` or `phone`, matched exactly (a phone as +84…, 84… or 0…), newest first. The ID number and phone travel in the body, never the URL, and are matched through their HMAC under the province's key: no index holds them in clear. A code finds the dossier of this commune or received by its desk. Each dossier found is a read of its applicant's data and goes on its access trail (`search-code`, `search-id-number`, `search-phone`).",
    roles: 'commune staff, province roles',
    params: communeParams,
    body: searchBody,
    example: { idNumber: '001203004567' },
    answers: { 200: 'Worklist' },
  },
  'dossiers-received': {
    tag: 'Dossiers',
    summary: "The dossiers a commune's desk received for other communes",
    description:
      'Province-wide reception: what this desk received whose competent commune is another commune of the province, newest first. Each line names its competent commune (`commune`), whose path opens the dossier.',
    roles: 'RECEPTION, province roles',
    params: communeParams,
    query: pageQuery,
    answers: { 200: 'Worklist' },
  },
  'dossiers-get': {
    tag: 'Dossiers',
    summary: 'A dossier with its steps, hand-overs and history',
    description:
      'The ETag is the version a change may be based on (If-Match). `allowedActions` lists what the caller may do now, by the same rules the transitions apply.',
    roles: 'commune staff, province roles, PORTAL (own)',
    params: dossierParams,
    answers: { 200: 'DossierRead' },
    etag: true,
  },
  'dossiers-form': {
    tag: 'Forms',
    summary: 'A form of Circular 03/2025 (01–07): its data, or the printable PDF',
    description:
      'With Accept: application/pdf the form as an A4 PDF with the national heading, the issuing body and every field; Form 01 (the receipt) also prints the lookup secret and a QR code of the public lookup URL, and can be printed again at any time. 404 while the form does not apply to the dossier (e.g. Form 03 of a dossier that was not refused).',
    roles: 'commune staff, province roles, PORTAL (own)',
    params: formParams,
    answers: { 200: 'Form' },
    pdf: true,
  },
  'attachments-create': {
    tag: 'Files',
    summary: 'Declare a file and get its upload URL',
    description:
      'PDF, JPEG or PNG, at most 20 MB, at most 50 files per dossier (400 with the field otherwise). PORTAL: its own dossier, APPLICATION or SUPPLEMENT, until the dossier is closed; RECEPTION: APPLICATION, SUPPLEMENT or SCAN (digitisation) while open; SPECIALIST: WORKING_PAPER of a dossier assigned to them; CLERK: the RESULT at step ISSUANCE (the result becomes electronic). The upload URL expires after 15 minutes.',
    roles: 'PORTAL (own), RECEPTION, SPECIALIST (assignee), CLERK',
    params: dossierParams,
    body: attachmentBody,
    example: { name: 'Giấy đề nghị.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: 182340 },
    answers: { 201: 'AttachmentUpload' },
  },
  'attachments-complete': {
    tag: 'Files',
    summary: 'Check an uploaded file',
    description:
      'The server reads the stored file: its size, its magic bytes against the declared type, its SHA-256 if one was declared. A mismatch is REJECTED with the reason and the file deleted. 409 unless the file is PENDING.',
    roles: 'whoever declared it may; as for the dossier',
    params: attachmentParams,
    answers: { 200: 'AttachmentCheck' },
  },
  'attachments-get': {
    tag: 'Files',
    summary: 'A file with its download URL',
    description: 'Only an AVAILABLE file can be downloaded (409 while PENDING or once REJECTED); the URL expires after 5 minutes.',
    roles: 'commune staff, province roles, PORTAL (own)',
    params: attachmentParams,
    answers: { 200: 'AttachmentDownload' },
  },
  'dossiers-audit': {
    tag: 'Dossiers',
    summary: "A dossier's access trail",
    description:
      "Every read of the dossier's personal data (the dossier, its forms) and every change through the API, oldest first: who (sub, roles), what, when, from which address — never the data itself. Kept as long as the dossier, append-only; listing it is on record too.",
    roles: 'PROVINCE_AUDITOR, LEADER (own commune)',
    params: dossierParams,
    query: pageQuery,
    answers: { 200: 'AuditTrail' },
  },
  'dossiers-messages': {
    tag: 'Dossiers',
    summary: "The messages sent to the dossier's applicant",
    description:
      'Every SMS, e-mail and Zalo message the applicant was sent for this dossier (accepted, supplement requested, refused, extended, result ready), oldest first: the channel, the event it told of (`type`), when it went out and the dossier version it told of — never the phone number or address. The text, which carries personal data, is answered only to RECEPTION and LEADER (who talk to the citizen), and that read goes on the access trail (`messages-read`).',
    roles: 'commune staff',
    params: dossierParams,
    answers: { 200: 'SentMessages' },
  },
  'dossiers-verify-history': {
    tag: 'Dossiers',
    summary: "Verify the dossier's history chain",
    description:
      'Each history entry carries the SHA-256 of its canonical form — the JSON array ["mot-cua/history/v1", dossier id, entry number from 1, previous entry\'s hash (64 zeros for the first), at, action, actor, status, step or null, note or null] in UTF-8 — so each hash covers every entry before it. This recomputes the chain from the stored entries and names the first entry that does not match. `historyHead` of the dossier and of Form 06 is the last hash: a printed sheet can be checked against it.',
    roles: 'commune staff, province roles',
    params: dossierParams,
    answers: { 200: 'HistoryVerification' },
  },
  'dossiers-accept': transition(
    'accept',
    'Accept at the desk',
    'The dossier gets its code and appointment and goes to its department; the answer carries the receipt (Form 01).',
    'RECEPTION',
  ),
  'dossiers-request-supplement': transition(
    'request-supplement',
    'Ask for missing documents',
    'Form 02. During processing the clock pauses until the documents arrive.',
    'RECEPTION, DEPT_HEAD',
  ),
  'dossiers-supplement': transition('supplement', 'Supply the missing documents', 'The dossier resumes where it was.', 'PORTAL, RECEPTION'),
  'dossiers-refuse': transition('refuse', 'Refuse to receive', 'Form 03: an incomplete or ineligible dossier is not received.', 'RECEPTION'),
  'dossiers-assign': transition('assign', 'Assign a specialist', 'Or reassign one.', 'DEPT_HEAD'),
  'dossiers-propose': transition('propose', 'Propose a result after appraisal', 'Only the assigned specialist.', 'SPECIALIST (assignee)'),
  'dossiers-review': transition('review', 'Agree, or send the appraisal back', 'Agreement sends the dossier to the leader.', 'DEPT_HEAD'),
  'dossiers-approve': transition('approve', 'Decide: approve or reject with reasons', 'A written rejection is a result too.', 'LEADER'),
  'dossiers-issue': transition('issue', 'Register and stamp the result', 'The clerk sends the result to the desk.', 'CLERK'),
  'dossiers-return': transition('return', 'Return the result to the applicant', 'After this the applicant may rate the dossier.', 'RECEPTION'),
  'dossiers-withdraw': transition('withdraw', 'Withdraw the dossier', 'Form 05 (stop notice).', 'PORTAL, RECEPTION'),
  'dossiers-extend': transition(
    'extend',
    'Apologise and set a new appointment',
    'Form 04; the original appointment stays on record and the dossier is still measured against it.',
    'DEPT_HEAD',
  ),
  'reports-commune-sla': {
    tag: 'Reports',
    summary: "A commune's SLA-breach report of a day",
    description: 'Made every working day at 07:00; today by default.',
    roles: 'LEADER, DEPT_HEAD, province roles',
    params: communeParams,
    query: reportDateQuery,
    answers: { 200: 'SlaReport' },
  },
  'reports-province-sla': {
    tag: 'Reports',
    summary: "The province's SLA-breach roll-up of a day",
    description: 'Every commune report of the day, with totals; communes without a report are listed as missing.',
    roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR',
    params: provinceParams,
    query: reportDateQuery,
    answers: { 200: 'ProvinceSlaReport' },
  },
  'reports-statistics': {
    tag: 'Reports',
    summary: 'Statistics of a period (JSON or CSV)',
    description: 'Received, completed (early, on time, late), in progress and stopped dossiers by commune, department or procedure; at most 366 days.',
    roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR',
    params: provinceParams,
    query: statisticsQuery,
    answers: { 200: 'Statistics' },
    csv: true,
  },
  'reports-service-index': {
    tag: 'Reports',
    summary: 'The service index of a period (Decision 766/QĐ-TTg), JSON or CSV',
    description: `Each indicator with its numerator, denominator and value, for the province or, for a commune leader, their own commune; per commune with groupBy=commune; at most 366 days. How each is computed — ${INDICATORS.map((k) => `**${k}** (${INDICATOR_FORMULAS[k].name}): ${INDICATOR_FORMULAS[k].formula}`).join('; ')}. A dossier is received when accepted, completed when its result reached the desk.`,
    roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR, LEADER (own commune)',
    params: provinceParams,
    query: serviceIndexQuery,
    answers: { 200: 'ServiceIndex' },
    csv: true,
  },
  'lookup-get': {
    tag: 'Lookup',
    summary: 'Public status lookup',
    description: 'By dossier code and lookup secret; no personal data.',
    params: codeParams,
    query: lookupQuery,
    answers: { 200: 'PublicStatus' },
    more: { 429: 'Too many failed lookups from this source address' },
  },
  'lookup-result': {
    tag: 'Lookup',
    summary: 'The electronic result, for the citizen',
    description:
      'By dossier code and lookup secret, once the result is ready (RESULT_READY or RETURNED): the signed result files with download URLs valid for 5 minutes. 409 before.',
    params: codeParams,
    query: lookupQuery,
    answers: { 200: 'ElectronicResult' },
    more: { 409: 'The result is not ready yet', 429: 'Too many failed lookups of this code' },
  },
  'lookup-rating': {
    tag: 'Lookup',
    summary: 'Rate a returned dossier, once',
    description: "The citizen's satisfaction rating (Decision 766/QĐ-TTg), after the result was returned.",
    params: codeParams,
    body: ratingBody,
    example: { secret: 'the-lookup-secret', score: 5, comment: 'Nhanh, chu đáo' },
    answers: { 201: 'Rating' },
    more: { 429: 'Too many failed lookups from this source address' },
  },
  'webhooks-list': {
    tag: 'Webhooks',
    summary: "The calling portal's webhooks",
    description: 'Only the webhooks the calling portal registered in the province; never their secrets.',
    roles: 'PORTAL',
    params: provinceParams,
    answers: { 200: 'Webhooks' },
  },
  'webhooks-put': {
    tag: 'Webhooks',
    summary: 'Register a webhook, or change its URL and events',
    description:
      "Each event of a dossier the portal submitted in the province (of the listed types; every type when `events` is absent) is POSTed to `url` as `{ type, timestamp, data }` with the headers `webhook-id` (the event id, the same on every attempt), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed with the base64 part of the secret). A 2xx answer is a delivery; anything else is retried with exponential back-off (30 s doubling, at most 12 h apart) for at least 24 hours, then parked. Events of one dossier arrive in version order; a retried event holds back that dossier's later ones. `url` must be https to a public address (private, loopback and link-local addresses are refused, also when a host name resolves to one). A new webhook answers 201 with its secret, this once; changing one answers 200 and keeps the secret. At most 10 webhooks per portal and province.",
    roles: 'PORTAL',
    params: webhookParams,
    body: webhookBody,
    example: { url: 'https://portal.example.vn/hooks/mot-cua', events: ['dossier.accepted', 'dossier.result-ready'] },
    answers: { 201: 'RegisteredWebhook', 200: 'Webhook' },
  },
  'webhooks-get': {
    tag: 'Webhooks',
    summary: 'One webhook of the calling portal',
    description: 'Without its secret, which was answered once, at registration.',
    roles: 'PORTAL',
    params: webhookParams,
    answers: { 200: 'Webhook' },
  },
  'webhooks-delete': {
    tag: 'Webhooks',
    summary: 'Remove a webhook',
    description: 'Nothing more is sent to it; its deliveries are kept 30 days.',
    roles: 'PORTAL',
    params: webhookParams,
    answers: { 204: null },
  },
  'webhooks-deliveries': {
    tag: 'Webhooks',
    summary: "A webhook's latest deliveries",
    description:
      'Newest event first: status (DELIVERED, RETRYING, PARKED), attempts, the time and HTTP status of the last attempt, the next attempt. Kept 30 days.',
    roles: 'PORTAL',
    params: webhookParams,
    query: pageQuery,
    answers: { 200: 'WebhookDeliveries' },
  },
  openapi: {
    tag: 'Contract',
    summary: 'This contract',
    description: 'OpenAPI 3.1, generated from the route table and the request and answer schemas.',
    answers: { 200: 'OpenApiDocument' },
  },
};

const requestSchema = (schema: z.ZodMiniType) => clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

/** A JSON Schema as a part of the document: no `$schema` or `$id` of its own. */
function clean(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const errors = (secured: boolean, more: Record<number, string> = {}) => ({
  400: problem('Invalid input'),
  ...(secured ? { 401: problem('No or bad token'), 403: problem('Wrong role or tenant') } : {}),
  404: problem('Unknown'),
  409: problem('Not allowed in the current state, or a version conflict'),
  ...Object.fromEntries(Object.entries(more).map(([status, description]) => [status, problem(description)])),
});

const SUCCESS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No content' };

function parametersOf(op: Operation, path: string) {
  const schemaOf = (schema: z.ZodMiniType) => requestSchema(schema) as { properties?: Record<string, object>; required?: string[] };
  const pathSchema = op.params ? schemaOf(op.params) : {};
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const undocumented = names.filter((n) => !pathSchema.properties?.[n]);
  if (undocumented.length) throw new Error(`${path}: no schema of the path parameters ${undocumented.join(', ')}`);
  const query = op.query ? schemaOf(op.query) : {};
  return [
    ...names.map((name) => ({ name, in: 'path', required: true, schema: pathSchema.properties![name] })),
    ...(op.headers ?? []).map((h) => ({ ...h, in: 'header', schema: { type: 'string' } })),
    ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: (query.required ?? []).includes(name), schema })),
  ];
}

function headersOf(op: Operation) {
  const headers = { ...(op.etag ? { ETag: { description: 'The version of what was answered, as "n"', required: true } } : {}), ...op.answerHeaders };
  return Object.fromEntries(Object.entries(headers).map(([name, header]) => [name, { ...header, schema: { type: 'string' } }]));
}

function responsesOf(op: Operation, secured: boolean) {
  const success = Object.entries(op.answers).map(([status, name]) => [
    status,
    name === null
      ? { description: SUCCESS[Number(status)] ?? 'Success' }
      : {
          description: SUCCESS[Number(status)] ?? 'Success',
          ...(op.etag || op.answerHeaders ? { headers: headersOf(op) } : {}),
          content: {
            'application/json': { schema: ref(name) },
            ...(op.csv ? { 'text/csv': { schema: { type: 'string', description: 'The same lines as CSV (format=csv)' } } } : {}),
            ...(op.pdf ? { 'application/pdf': { schema: { type: 'string', description: 'The printable form (Accept: application/pdf)' } } } : {}),
          },
        },
  ]);
  return { ...Object.fromEntries(success), ...errors(secured, op.more) };
}

/** The portal contract as OpenAPI 3.1, generated from the route table and the request and answer schemas. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of HTTP_ROUTES) {
    const op = OPERATIONS[route.name];
    if (!op) throw new Error(`route ${route.name} has no OpenAPI description`);
    const parameters = parametersOf(op, route.path);
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.name,
      tags: [op.tag],
      summary: op.summary,
      description: op.roles ? `${op.description}\n\nRoles: ${op.roles}.` : op.description,
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: requestSchema(op.body), ...(op.example ? { example: op.example } : {}) } },
            },
          }
        : {}),
      responses: responsesOf(op, !route.public),
    };
  }
  const { schemas } = z.toJSONSchema(contract, { io: 'output', uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một Cửa — commune one-stop desk API',
      version: '1.0.0',
      description:
        'Dossiers of the commune one-stop desks (bộ phận một cửa): submission, the workflow with deadlines in working time, forms, SLA reports and public lookup.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: "A province's API Gateway endpoint",
        variables: { apiId: { default: 'api-id', description: 'The HTTP API id of the province stack' }, region: { default: 'ap-southeast-1' } },
      },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, clean(schema as Record<string, unknown>)])),
    },
    security: [{ bearer: [] }],
    paths,
  };
}
