import * as z from 'zod/mini';
import { RULES, type Action } from '../domain/lifecycle.js';
import { FORM_TITLES, FORMS_LEGAL_BASIS, type FormNumber } from '../domain/forms.js';
import { ATTACHMENT_TYPES } from '../domain/attachments.js';
import { ATTACHMENT_PURPOSES, CHANNELS, DEPARTMENTS, DOCUMENT_KINDS, ROLES, STATUSES, STEPS } from '../domain/model.js';
import { GROUPINGS } from '../domain/statistics.js';
import { DOSSIER_EVENT_TYPES, type DossierEventType } from '../domain/events.js';
import { NATIONAL_SYNC_STATUSES } from '../domain/national-portal.js';
import { NOTIFY_CHANNELS } from '../domain/notifications.js';
import { INDICATOR_FORMULAS, INDICATORS, type IndicatorKey } from '../domain/service-index.js';

/*
 * Every answer of the API, as zod/mini schemas: /openapi.json documents them, the contract tests
 * validate the answers against that document, and the views are typed by them. Only the openapi
 * function imports this module at run time; handlers import its types, so their bundles do not
 * carry it.
 */

/** The named schemas of the contract, each answered under #/components/schemas/<id>. */
export const contract = z.registry<{ id: string; description?: string }>();

function named<S extends z.ZodMiniType>(id: string, description: string, schema: S): S {
  contract.add(schema, { id, description });
  return schema;
}

const instant = named('Instant', 'An instant in ISO 8601 with its offset, +07:00 (Asia/Ho_Chi_Minh)', z.iso.datetime({ offset: true }));
const localDate = named('LocalDate', 'A calendar date in Vietnam, YYYY-MM-DD', z.iso.date());
const department = named('Department', 'A specialised department of the commune', z.enum(DEPARTMENTS));
const office = named('Office', 'A department, or the one-stop desk', z.enum([...DEPARTMENTS, 'DESK']));
const status = named('Status', 'Where the dossier stands', z.enum(STATUSES));
const step = named('Step', 'An internal step while IN_PROCESSING', z.enum(STEPS));
const channel = named('Channel', 'How the dossier was submitted', z.enum(CHANNELS));
const timeliness = named('Timeliness', 'How a completed step or dossier compares with its deadline', z.enum(['EARLY', 'ON_TIME', 'LATE']));
const standing = named(
  'TimelinessNow',
  'How a dossier stands against its appointment: EARLY, ON_TIME or LATE once completed; ON_TRACK, AT_RISK (due within the next working day) or OVERDUE while open',
  z.enum(['EARLY', 'ON_TIME', 'LATE', 'ON_TRACK', 'AT_RISK', 'OVERDUE']),
);
const count = z.int().check(z.gte(0));

const procedureRef = named('ProcedureRef', 'A procedure of the catalogue, by code and name', z.strictObject({ code: z.string(), name: z.string() }));
const document = named(
  'Document',
  'A document of the dossier',
  z.strictObject({ name: z.string(), kind: z.enum(DOCUMENT_KINDS), count: z.int().check(z.gte(1)) }),
);

const processing = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('WORKING_DAYS'), days: z.number() }),
  z.strictObject({ kind: z.literal('SAME_DAY') }),
]);

export const procedureAnswer = named(
  'Procedure',
  'One version of a catalogued administrative procedure',
  z.strictObject({
    code: z.string(),
    name: z.string(),
    department,
    processing,
    stepBudgets: z.strictObject(Object.fromEntries(STEPS.map((s) => [s, z.number()])) as Record<(typeof STEPS)[number], z.ZodMiniNumber>),
    requiredDocuments: z.array(z.string()),
    fee: count,
    supplementRule: z.enum(['PAUSE', 'RESET']),
    supplementLimitDays: z.optional(z.number()),
    version: z.int().check(z.gte(1)),
  }),
);

const stepRecord = z.strictObject({
  step,
  department: office,
  actor: z.optional(z.string()),
  startedAt: instant,
  dueAt: instant,
  completedAt: z.optional(instant),
  timeliness: z.optional(timeliness),
});

const handoff = z.strictObject({
  from: office,
  to: office,
  handedOverBy: z.string(),
  handedOverAt: instant,
  receivedBy: z.optional(z.string()),
  receivedAt: z.optional(instant),
  timeliness: z.optional(timeliness),
});

const sha256 = named('Sha256', 'A SHA-256 digest in lowercase hex', z.string().check(z.regex(/^[0-9a-f]{64}$/)));

const historyEntry = z.strictObject({
  at: instant,
  action: z.string(),
  actor: z.string(),
  status,
  step: z.optional(step),
  note: z.optional(z.string()),
  hash: sha256,
});

const historyHead = named(
  'HistoryHead',
  "The head of the dossier's history chain: the hash of its last entry (64 zeros before the first) and how many entries the chain covers",
  z.strictObject({ hash: sha256, entries: count }),
);

const nationalStatus = z.int().check(z.gte(1), z.lte(10));

const attachmentStatus = z.enum(['PENDING', 'AVAILABLE', 'REJECTED']);
const attachmentType = z.enum(ATTACHMENT_TYPES);
export const attachmentAnswer = named(
  'Attachment',
  'A file of the dossier: PENDING until its upload is checked, then AVAILABLE, or REJECTED with the reason (its bytes deleted)',
  z.strictObject({
    id: z.uuid(),
    name: z.string(),
    purpose: z.enum(ATTACHMENT_PURPOSES),
    contentType: attachmentType,
    size: z.int().check(z.gte(1)),
    sha256: z.optional(z.string()),
    status: attachmentStatus,
    reason: z.optional(z.string()),
    createdAt: instant,
    uploadedAt: z.optional(instant),
    uploadedBy: z.string(),
  }),
);

export const dossierAnswer = named(
  'Dossier',
  'A dossier with its steps, hand-overs and history; fields that exist only from some point of the lifecycle are null until then',
  z.strictObject({
    id: z.uuid(),
    code: z.nullable(z.string()),
    province: z.string(),
    commune: z.string(),
    receivingUnit: z.string(),
    procedure: z.strictObject({ code: z.string(), name: z.string(), version: z.int() }),
    department,
    channel,
    applicant: z.strictObject({
      name: z.string(),
      idNumber: z.string(),
      phone: z.nullable(z.string()),
      email: z.nullable(z.string()),
      address: z.string(),
      notify: z.optional(z.array(z.enum(['SMS', 'EMAIL', 'ZALO']))),
    }),
    documents: z.array(document),
    note: z.optional(z.string()),
    status,
    nationalStatus,
    step: z.nullable(step),
    assignee: z.nullable(z.string()),
    submittedAt: instant,
    submittedBy: z.string(),
    acceptedAt: z.nullable(instant),
    dueAt: z.nullable(instant),
    steps: z.array(stepRecord),
    handoffs: z.array(handoff),
    pausedAt: z.nullable(instant),
    supplementRequest: z.optional(
      z.strictObject({
        reason: z.string(),
        documents: z.array(z.string()),
        requestedBy: z.string(),
        requestedAt: instant,
        supplyBy: instant,
        suppliedAt: z.optional(instant),
      }),
    ),
    proposal: z.optional(z.strictObject({ outcome: z.enum(['APPROVE', 'REJECT']), summary: z.string(), by: z.string() })),
    review: z.optional(z.strictObject({ agree: z.boolean(), note: z.string(), by: z.string() })),
    extension: z.optional(
      z.strictObject({
        originalDueAt: instant,
        newDueAt: instant,
        reason: z.string(),
        by: z.string(),
        at: instant,
        supersededAt: z.optional(instant),
      }),
    ),
    result: z.nullable(z.strictObject({ decision: z.enum(['APPROVED', 'REJECTED']), note: z.string(), electronic: z.optional(z.boolean()) })),
    refusal: z.optional(z.strictObject({ reason: z.string() })),
    withdrawal: z.optional(z.strictObject({ reason: z.string() })),
    completedAt: z.nullable(instant),
    closedAt: z.optional(instant),
    returnedAt: z.nullable(instant),
    timeliness: z.nullable(timeliness),
    history: z.array(historyEntry),
    historyHead,
    rating: z.optional(z.strictObject({ score: z.int().check(z.gte(1), z.lte(5)), comment: z.optional(z.string()), at: instant })),
    attachments: z.array(attachmentAnswer),
    digitisation: z.optional(z.strictObject({ files: z.int().check(z.gte(1)), firstAt: instant, lastAt: instant })),
    version: z.int().check(z.gte(1)),
  }),
);

const nationalSync = named(
  'NationalSync',
  "How the dossier stands with the National Public Service Portal (Cổng Dịch vụ công quốc gia): SYNCED when the portal has its national status and every completed step; PENDING while its latest change waits to be sent; FAILED when the adapter refused or failed every try (tried again later, the adapter's message in `error`). `version` is the dossier version the portal has (SYNCED), waits for (PENDING) or refused (FAILED); `at` when that was",
  z.strictObject({
    status: z.enum(NATIONAL_SYNC_STATUSES),
    version: z.int().check(z.gte(0)),
    at: instant,
    error: z.optional(z.string()),
  }),
);

export const readDossierAnswer = named(
  'DossierRead',
  'A dossier as its reader sees it, with the actions the reader may take on it now and its synchronisation with the national portal',
  z.extend(dossierAnswer, {
    allowedActions: z.array(z.enum(Object.keys(RULES) as [Action, ...Action[]])),
    /** The purposes the reader may attach a file for now (none when no file may be attached). */
    attachablePurposes: z.array(z.enum(ATTACHMENT_PURPOSES)),
    nationalSync,
  }),
);

export const createdDossierAnswer = named(
  'CreatedDossier',
  'The dossier just submitted, with the secret its applicant looks it up with (answered only here)',
  z.extend(dossierAnswer, { lookupSecret: z.string() }),
);

export const receiptAnswer = named(
  'Receipt',
  'Form 01 as the desk hands it over on acceptance: code, appointment, documents, fee',
  z.strictObject({
    form: z.literal('01'),
    code: z.string(),
    receivingUnit: z.string(),
    commune: z.string(),
    procedure: procedureRef,
    acceptedAt: instant,
    dueAt: instant,
    documents: z.array(document),
    fee: count,
  }),
);

export const acceptedDossierAnswer = named(
  'AcceptedDossier',
  'The dossier just accepted, with its receipt',
  z.extend(dossierAnswer, { receipt: receiptAnswer }),
);

export const dossierSummaryAnswer = named(
  'DossierSummary',
  'A line of the worklist; fields the dossier does not have yet are left out',
  z.strictObject({
    id: z.uuid(),
    code: z.optional(z.string()),
    commune: z.string(),
    procedure: procedureRef,
    /** Absent on dossiers stored before the worklist showed it. */
    applicantName: z.optional(z.string()),
    department,
    channel,
    status,
    nationalStatus,
    step: z.optional(step),
    assignee: z.optional(z.string()),
    submittedAt: instant,
    submittedBy: z.string(),
    dueAt: z.optional(instant),
    pausedAt: z.optional(instant),
    /** Null while the dossier has no appointment (not accepted yet) and once refused or withdrawn. */
    timeliness: z.nullable(standing),
    version: z.int().check(z.gte(1)),
  }),
);

const nextCursor = named('NextCursor', 'Where the next page starts; null on the last page', z.nullable(z.string()));

export const worklistAnswer = named('Worklist', "A page of a commune's worklist", z.strictObject({ items: z.array(dossierSummaryAnswer), nextCursor }));
export const auditEntryAnswer = named(
  'AuditEntry',
  'One access to a dossier: who, what, when, from where; never the personal data itself',
  z.strictObject({
    at: instant,
    sub: z.string(),
    roles: z.array(z.enum(ROLES)),
    action: z.string(),
    commune: z.string(),
    dossierId: z.uuid(),
    sourceIp: z.string(),
    requestId: z.string(),
  }),
);
export const auditTrailAnswer = named(
  'AuditTrail',
  "A page of a dossier's access trail, oldest first",
  z.strictObject({ items: z.array(auditEntryAnswer), nextCursor }),
);
export const historyVerificationAnswer = named(
  'HistoryVerification',
  "The dossier's history chain recomputed from its stored entries: `valid`, or the first entry whose stored hash does not match its content and the hash before it (an entry edited, inserted or removed behind the application's back)",
  z.strictObject({
    dossierId: z.uuid(),
    code: z.nullable(z.string()),
    algorithm: z.literal('SHA-256'),
    canonicalForm: z.string(),
    valid: z.boolean(),
    head: historyHead,
    firstMismatch: z.nullable(
      z.strictObject({
        seq: z.int().check(z.gte(1)),
        at: z.string(),
        action: z.string(),
        stored: z.nullable(z.string()),
        computed: sha256,
      }),
    ),
  }),
);
export const catalogueAnswer = named(
  'Catalogue',
  'The current version of every procedure of the province, by code',
  z.strictObject({
    items: z.array(procedureAnswer),
    nextCursor: z.null(),
    /** The communes of the province (unit code and name): where a desk may receive a dossier for (province-wide reception). */
    communes: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  }),
);

export const communeAnswer = named(
  'Commune',
  'A commune of the province as onboarded',
  z.strictObject({
    code: z.string(),
    province: z.string(),
    name: z.string(),
    centers: z.array(z.strictObject({ name: z.string(), address: z.string() })),
    departments: z.array(department),
    reportRecipients: z.optional(z.array(z.string())),
    version: z.int().check(z.gte(1)),
  }),
);

export const calendarAnswer = named(
  'Calendar',
  "A year's days off and make-up working days",
  z.strictObject({
    year: z.int(),
    daysOff: z.array(localDate),
    workingDays: z.array(localDate),
    source: z.string(),
    version: z.int().check(z.gte(1)),
  }),
);

export const publicStatusAnswer = named(
  'PublicStatus',
  'What the public lookup shows of a dossier: no personal data',
  z.strictObject({
    code: z.string(),
    procedure: procedureRef,
    status,
    nationalStatus,
    step: z.optional(step),
    submittedAt: instant,
    acceptedAt: z.optional(instant),
    dueAt: z.optional(instant),
    completedAt: z.optional(instant),
    returnedAt: z.optional(instant),
  }),
);

export const attachmentUploadAnswer = named(
  'AttachmentUpload',
  'A file declared: PUT its bytes to uploadUrl with uploadHeaders before expiresAt (15 minutes; S3 refuses it later), then complete it',
  z.strictObject({ id: z.uuid(), uploadUrl: z.url(), uploadHeaders: z.record(z.string(), z.string()), expiresAt: instant, status: z.literal('PENDING') }),
);

export const attachmentCheckAnswer = named(
  'AttachmentCheck',
  'What the server found in the stored file: AVAILABLE, or REJECTED with the reason (the file is deleted)',
  z.strictObject({ id: z.uuid(), status: z.enum(['AVAILABLE', 'REJECTED']), reason: z.optional(z.string()) }),
);

export const attachmentDownloadAnswer = named(
  'AttachmentDownload',
  'An AVAILABLE file with a download URL that works until expiresAt (5 minutes)',
  z.extend(attachmentAnswer, { downloadUrl: z.url(), expiresAt: instant }),
);

export const electronicResultAnswer = named(
  'ElectronicResult',
  'The signed result as files, for the citizen, once the result is ready: no personal data beyond the files themselves',
  z.strictObject({
    code: z.string(),
    procedure: procedureRef,
    decision: z.enum(['APPROVED', 'REJECTED']),
    files: z.array(z.strictObject({ id: z.uuid(), name: z.string(), contentType: attachmentType, size: z.int(), downloadUrl: z.url(), expiresAt: instant })),
  }),
);

export const ratingAnswer = named(
  'Rating',
  "The citizen's satisfaction rating as recorded",
  z.strictObject({ code: z.string(), score: z.int().check(z.gte(1), z.lte(5)), comment: z.optional(z.string()), at: instant }),
);

const slaEntry = z.strictObject({
  dossierId: z.uuid(),
  code: z.optional(z.string()),
  procedure: procedureRef,
  department,
  status,
  level: z.enum(['DOSSIER', 'STEP']),
  step: z.optional(step),
  stepDepartment: z.optional(office),
  assignee: z.optional(z.string()),
  standing: z.enum(['AT_RISK', 'OVERDUE']),
  dueAt: instant,
  hoursPastDue: z.number().check(z.gte(0)),
});

export const slaReportAnswer = named(
  'SlaReport',
  "A commune's SLA-breach report of a day: every overdue or at-risk dossier and step, and in a section of its own every dossier not synchronised with the national portal within an hour",
  z.strictObject({
    commune: z.string(),
    date: localDate,
    generatedAt: instant,
    openDossiers: count,
    overdue: count,
    atRisk: count,
    entries: z.array(slaEntry),
    notSynced: z.array(
      named(
        'NotSyncedEntry',
        'A dossier whose latest change has not reached the National Public Service Portal within an hour: the adapter refused or failed every try',
        z.strictObject({ dossierId: z.uuid(), code: z.optional(z.string()), since: instant, hoursNotSynced: z.number().check(z.gte(1)), error: z.string() }),
      ),
    ),
  }),
);

export const provinceSlaAnswer = named(
  'ProvinceSlaReport',
  "The province's roll-up of a day's SLA-breach reports; communes without a report are listed as missing",
  z.strictObject({
    province: z.string(),
    date: localDate,
    openDossiers: count,
    overdue: count,
    atRisk: count,
    notSynced: count,
    missing: z.array(z.string()),
    communes: z.array(slaReportAnswer),
  }),
);

const indicator = named(
  'Indicator',
  'One indicator: `value` is `numerator` ÷ `denominator` to four decimals (for satisfaction, the average score), null when the denominator is 0',
  z.strictObject({ numerator: count, denominator: count, value: z.nullable(z.number()) }),
);
const indicators = named(
  'ServiceIndicators',
  `The indicators of the service index the dossiers give. ${INDICATORS.map((k) => `${k}: ${INDICATOR_FORMULAS[k].formula}`).join('. ')}.`,
  z.strictObject(Object.fromEntries(INDICATORS.map((k) => [k, indicator])) as Record<IndicatorKey, typeof indicator>),
);

export const serviceIndexAnswer = named(
  'ServiceIndex',
  "The service index (Decision 766/QĐ-TTg) of a period of local dates, both included: the province's, or a leader's own commune's (`commune`), and per commune when asked",
  z.strictObject({
    province: z.string(),
    commune: z.optional(z.string()),
    from: localDate,
    to: localDate,
    indicators,
    communes: z.optional(z.array(z.strictObject({ commune: z.string(), name: z.optional(z.string()), indicators }))),
  }),
);

const statisticsLine = named(
  'StatisticsLine',
  'The counts of a commune, department or procedure over the period',
  z.strictObject({
    group: z.string(),
    name: z.optional(z.string()),
    carriedOver: count,
    received: z.strictObject({ online: count, inPerson: count, postal: count, total: count }),
    completed: z.strictObject({ early: count, onTime: count, late: count, total: count }),
    inProgress: z.strictObject({ onTrack: count, overdue: count, total: count }),
    awaitingSupplement: count,
    refused: count,
    withdrawn: count,
    onTimeRate: z.nullable(z.number().check(z.gte(0), z.lte(1))),
  }),
);

export const statisticsAnswer = named(
  'Statistics',
  'Statistics of a period, by commune, department or procedure',
  z.strictObject({
    province: z.string(),
    from: localDate,
    to: localDate,
    groupBy: z.enum(GROUPINGS),
    lines: z.array(statisticsLine),
    total: statisticsLine,
  }),
);

const addressee = { name: z.string(), address: z.string() };
const nullableInstant = z.nullable(instant);

/** What every form carries at its head. */
const header = <N extends FormNumber>(form: N) => ({
  form: z.literal(form),
  title: z.literal(FORM_TITLES[form]),
  legalBasis: z.literal(FORMS_LEGAL_BASIS),
  issuingUnit: z.string(),
  commune: z.string(),
  province: z.string(),
  dossierCode: z.nullable(z.string()),
  procedure: procedureRef,
  generatedAt: z.optional(instant),
});

const receiptForm = named(
  'Form01',
  'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (receipt and appointment)',
  z.strictObject({
    ...header('01'),
    applicant: z.strictObject({ ...addressee, phone: z.nullable(z.string()), email: z.nullable(z.string()) }),
    channel,
    documents: z.array(document),
    dossierSets: count,
    processing,
    fee: count,
    receivedAt: instant,
    receivedBy: z.nullable(z.string()),
    dueAt: instant,
    department,
  }),
);

const supplementRequestForm = named(
  'Form02',
  'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (request for missing documents)',
  z.strictObject({
    ...header('02'),
    applicant: z.strictObject(addressee),
    stage: z.enum(['RECEPTION', 'PROCESSING']),
    requestingUnit: office,
    receivedAt: instant,
    reason: z.string(),
    documentsRequired: z.array(z.string()),
    requestedBy: z.string(),
    requestedAt: instant,
    suppliedAt: nullableInstant,
  }),
);

const refusalForm = named(
  'Form03',
  'Phiếu từ chối tiếp nhận giải quyết hồ sơ (refusal to receive)',
  z.strictObject({
    ...header('03'),
    applicant: z.strictObject(addressee),
    channel,
    submittedAt: instant,
    documents: z.array(document),
    reason: z.string(),
    refusedBy: z.nullable(z.string()),
    refusedAt: nullableInstant,
  }),
);

const apologyForm = named(
  'Form04',
  'Phiếu xin lỗi và hẹn lại ngày trả kết quả (apology and new appointment)',
  z.strictObject({
    ...header('04'),
    applicant: z.strictObject(addressee),
    department,
    receivedAt: nullableInstant,
    originalDueAt: instant,
    newDueAt: instant,
    reason: z.string(),
    issuedBy: z.string(),
    issuedAt: instant,
  }),
);

const stopNoticeForm = named(
  'Form05',
  'Phiếu dừng giải quyết hồ sơ (stop notice)',
  z.strictObject({
    ...header('05'),
    applicant: z.strictObject(addressee),
    submittedAt: instant,
    receivedAt: nullableInstant,
    stoppedAtStep: z.nullable(step),
    reason: z.string(),
    stoppedAt: nullableInstant,
    recordedBy: z.nullable(z.string()),
    documents: z.array(document),
  }),
);

const controlSheetForm = named(
  'Form06',
  'Phiếu kiểm soát quá trình giải quyết hồ sơ (process control sheet); names no applicant',
  z.strictObject({
    ...header('06'),
    department,
    status,
    acceptedAt: instant,
    dueAt: instant,
    originalDueAt: nullableInstant,
    steps: z.array(
      z.strictObject({
        step,
        department: office,
        actor: z.nullable(z.string()),
        startedAt: instant,
        dueAt: instant,
        completedAt: nullableInstant,
        timeliness: z.nullable(timeliness),
      }),
    ),
    handoffs: z.array(
      z.strictObject({
        from: office,
        to: office,
        handedOverBy: z.string(),
        handedOverAt: instant,
        receivedBy: z.nullable(z.string()),
        receivedAt: nullableInstant,
        timeliness: z.nullable(timeliness),
      }),
    ),
    pauses: z.array(z.strictObject({ from: instant, to: nullableInstant })),
    completedAt: nullableInstant,
    timeliness: z.nullable(timeliness),
    historyHead,
  }),
);

const trackingBookForm = named(
  'Form07',
  'Sổ theo dõi hồ sơ (tracking book): this dossier’s row',
  z.strictObject({
    ...header('07'),
    applicant: z.strictObject({ ...addressee, phone: z.nullable(z.string()) }),
    channel,
    dossierSets: count,
    department,
    receivedAt: instant,
    dueAt: instant,
    handedToDepartment: z.nullable(z.strictObject({ department, at: instant, receivedAt: nullableInstant })),
    completedAt: nullableInstant,
    returnedAt: nullableInstant,
    status,
    timeliness: z.nullable(timeliness),
    notes: z.array(z.string()),
  }),
);

export const formAnswer = named(
  'Form',
  'The data of a form of Circular 03/2025/TT-VPCP, told apart by `form`',
  z.discriminatedUnion('form', [receiptForm, supplementRequestForm, refusalForm, apologyForm, stopNoticeForm, controlSheetForm, trackingBookForm]),
);

export const openApiAnswer = named(
  'OpenApiDocument',
  'This contract, in OpenAPI 3.1',
  z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
);

export const problemAnswer = named(
  'Problem',
  'RFC 9457 problem details',
  z.strictObject({
    type: z.url(),
    title: z.string(),
    status: z.int().check(z.gte(400), z.lte(599)),
    detail: z.string(),
    errors: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
  }),
);

export type DossierAnswer = z.output<typeof dossierAnswer>;
export type HistoryVerificationAnswer = z.output<typeof historyVerificationAnswer>;
export type DossierSummaryAnswer = z.output<typeof dossierSummaryAnswer>;
export type DossierReadAnswer = z.output<typeof readDossierAnswer>;
export type ReceiptAnswer = z.output<typeof receiptAnswer>;
export type PublicStatusAnswer = z.output<typeof publicStatusAnswer>;
export type FormAnswer = z.output<typeof formAnswer>;
export type SlaReportAnswer = z.output<typeof slaReportAnswer>;
export type StatisticsAnswer = z.output<typeof statisticsAnswer>;
export type AttachmentUploadAnswer = z.output<typeof attachmentUploadAnswer>;
export type AttachmentCheckAnswer = z.output<typeof attachmentCheckAnswer>;
export type AttachmentDownloadAnswer = z.output<typeof attachmentDownloadAnswer>;
export type ElectronicResultAnswer = z.output<typeof electronicResultAnswer>;

const eventType = named('DossierEventType', 'What happened to a dossier', z.enum(DOSSIER_EVENT_TYPES as [DossierEventType, ...DossierEventType[]]));

export const webhookAnswer = named(
  'Webhook',
  "A portal's webhook: where the events of the dossiers it submitted are POSTed, signed (Standard Webhooks)",
  z.strictObject({ name: z.string(), url: z.string(), events: z.array(eventType), createdAt: instant, updatedAt: instant }),
);
export const registeredWebhookAnswer = named(
  'RegisteredWebhook',
  'A new webhook with its signing secret (whsec_…), answered this once and never again',
  z.strictObject({ ...webhookAnswer.def.shape, secret: z.string().check(z.regex(/^whsec_/)) }),
);
export const webhooksAnswer = named(
  'Webhooks',
  "The calling portal's webhooks in the province",
  z.strictObject({ items: z.array(webhookAnswer), nextCursor: z.null() }),
);
export const deliveryAnswer = named(
  'WebhookDelivery',
  'One event sent to one webhook: DELIVERED on a 2xx answer; RETRYING with back-off (at least 24 hours); then PARKED',
  z.strictObject({
    webhook: z.string(),
    eventId: z.string(),
    type: eventType,
    dossierId: z.uuid(),
    version: z.int().check(z.gte(1)),
    status: z.enum(['DELIVERED', 'RETRYING', 'PARKED']),
    attempts: z.int().check(z.gte(1)),
    firstAttemptAt: z.iso.datetime(),
    lastAttemptAt: z.iso.datetime(),
    lastStatus: z.optional(z.int()),
    lastError: z.optional(z.string()),
    nextAttemptAt: z.optional(z.iso.datetime()),
  }),
);
export const sentMessagesAnswer = named(
  'SentMessages',
  "The messages sent to a dossier's applicant, oldest first; never the address",
  z.strictObject({
    items: z.array(
      named(
        'SentMessage',
        'One message to the applicant: its channel, the event it told of, when it went out; the text only for RECEPTION and LEADER',
        z.strictObject({
          channel: z.enum(NOTIFY_CHANNELS),
          type: eventType,
          at: instant,
          version: z.int().check(z.gte(1)),
          text: z.optional(z.string()),
        }),
      ),
    ),
    nextCursor: z.null(),
  }),
);
export type SentMessagesAnswer = z.output<typeof sentMessagesAnswer>;
export const deliveriesAnswer = named(
  'WebhookDeliveries',
  "A page of a webhook's deliveries, newest event first",
  z.strictObject({ items: z.array(deliveryAnswer), nextCursor }),
);
