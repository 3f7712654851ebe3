import * as z from 'zod/mini';
import { stepBudgetsProblem } from '../../domain/catalogue.js';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '../../domain/catalogue-import.js';
import { DEPARTMENTS, STEPS } from '../../domain/model.js';
import { COLLECTION_POINTS, FEE_KINDS, feeProblems } from '../../domain/payment.js';
import { isoWeekday } from '../../domain/time.js';
import { resource } from '../route.js';
import { communeParam, dateParam, integer, provinceParam, provinceParams, text } from './common.js';

const route = resource({ name: 'Administration', description: 'What the province configures: catalogue, communes, working calendars' });

const quarterDays = (min: number) => z.number().check(z.gte(min), z.lte(365), z.multipleOf(0.25, 'in steps of 0.25 day'));
const expectedVersion = z.optional(integer(0, Number.MAX_SAFE_INTEGER));

const processing = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('WORKING_DAYS'), days: quarterDays(0.25) }),
  z.strictObject({ kind: z.literal('SAME_DAY') }),
]);
const stepBudgets = z.strictObject(Object.fromEntries(STEPS.map((s) => [s, quarterDays(0)])) as Record<(typeof STEPS)[number], ReturnType<typeof quarterDays>>);

export const procedureParams = z.object({ p: provinceParam, code: z.string().check(z.maxLength(32), z.regex(/^[0-9A-Za-z.]{1,32}$/, 'a procedure code')) });

const amount = integer(0, Number.MAX_SAFE_INTEGER);
const feeLineBody = z.strictObject({
  code: z.string().check(z.maxLength(32), z.regex(/^[0-9A-Za-z._-]{1,32}$/, 'a fee code')),
  name: text(300),
  kind: z.enum(FEE_KINDS),
  amount,
  onlineAmount: z.optional(amount),
  collectAt: z.enum(COLLECTION_POINTS),
  legalBasis: z.optional(text(300)),
});
const exemptionGroupBody = z.strictObject({
  group: z.string().check(z.maxLength(32), z.regex(/^[0-9A-Za-z_-]{1,32}$/, 'a group code')),
  name: text(300),
  percent: integer(1, 100),
});

/** A catalogue entry as the province publishes it; step budgets must add up to the processing time. */
export const procedureBody = z
  .strictObject({
    name: text(500),
    department: z.enum(DEPARTMENTS),
    processing,
    stepBudgets,
    requiredDocuments: z.array(text(300)).check(z.maxLength(100)),
    /** The single amount of earlier clients: one lệ phí collected at reception; not with `fees`. */
    fee: z.optional(integer(0, Number.MAX_SAFE_INTEGER)),
    fees: z.optional(z.array(feeLineBody).check(z.maxLength(20))),
    exemptions: z.optional(z.array(exemptionGroupBody).check(z.maxLength(20))),
    paymentLimitDays: z.optional(quarterDays(1)),
    supplementRule: z._default(z.enum(['PAUSE', 'RESET']), 'PAUSE'),
    supplementLimitDays: z.optional(quarterDays(1)),
    field: z.optional(text(200)),
    legalBasis: z.optional(text(2000)),
    expectedVersion,
  })
  .check(
    z.superRefine((p, ctx) => {
      const problem = stepBudgetsProblem(p.processing, p.stepBudgets);
      if (problem) ctx.addIssue({ code: 'custom', path: ['stepBudgets'], message: problem, input: p });
      if (p.fee !== undefined && p.fees)
        ctx.addIssue({ code: 'custom', path: ['fee'], message: 'give the fee lines (fees) or the single fee, not both', input: p });
      for (const f of feeProblems(p.fees ?? [], p.exemptions)) ctx.addIssue({ code: 'custom', path: f.path.split('.'), message: f.message, input: p });
    }),
  );

export const communeAdminParams = z.object({ p: provinceParam, c: communeParam });
export const communeBody = z.strictObject({
  name: text(200),
  centers: z._default(z.array(z.strictObject({ name: text(300), address: text(500) })).check(z.maxLength(20)), []),
  departments: z._default(z.array(z.enum(DEPARTMENTS)).check(z.minLength(1), z.maxLength(DEPARTMENTS.length)), [...DEPARTMENTS]),
  /** Office e-mail addresses that get the morning SLA digest of the commune. */
  reportRecipients: z.optional(z.array(z.email().check(z.maxLength(254))).check(z.maxLength(20))),
  /** The account fees are transferred to, printed as a VietQR. */
  collectionAccount: z.optional(
    z.strictObject({
      bankBin: z.string().check(z.maxLength(6), z.regex(/^\d{6}$/, 'a six-digit NAPAS bank BIN')),
      accountNumber: z.string().check(z.maxLength(19), z.regex(/^[0-9A-Za-z]{1,19}$/, 'an account number of at most 19 letters and digits')),
      accountName: text(100),
    }),
  ),
  expectedVersion,
});

export const communeProcedureParams = z.object({ ...communeAdminParams.shape, code: procedureParams.shape.code });
/** What a commune makes of a procedure; whether its time fits the province's is the catalogue's rule (domain/catalogue.ts). */
export const communeProcedureBody = z.strictObject({
  enabled: z.boolean(),
  processing: z.optional(processing),
  stepBudgets: z.optional(stepBudgets),
  expectedVersion,
});

export const calendarParams = z.object({
  p: provinceParam,
  year: z.pipe(z.string().check(z.maxLength(4), z.regex(/^\d{4}$/, 'a year')), z.coerce.number<string>().check(z.gte(2000), z.lte(2100))),
});

/** A year's days off and make-up working days, from the year's official notice. */
export const calendarBody = (year: number) =>
  z
    .strictObject({
      daysOff: z.array(dateParam).check(z.maxLength(60)),
      workingDays: z._default(z.array(dateParam).check(z.maxLength(20)), []),
      source: text(500),
      expectedVersion,
    })
    .check(
      z.superRefine((c, ctx) => {
        const outside = [...c.daysOff, ...c.workingDays].filter((d) => !d.startsWith(`${year}-`));
        if (outside.length) ctx.addIssue({ code: 'custom', path: ['daysOff'], message: `dates outside ${year}: ${outside.join(', ')}`, input: c });
        const both = c.daysOff.filter((d) => c.workingDays.includes(d));
        if (both.length) ctx.addIssue({ code: 'custom', path: ['workingDays'], message: `both off and worked: ${both.join(', ')}`, input: c });
        const weekdays = c.workingDays.filter((d) => isoWeekday(d) < 6);
        if (weekdays.length)
          ctx.addIssue({ code: 'custom', path: ['workingDays'], message: `make-up working days must fall on a weekend: ${weekdays.join(', ')}`, input: c });
      }),
    );

/** The media types of a catalogue sheet: CSV, or an Excel workbook (its first sheet). */
export const SHEET_TYPES = { csv: 'text/csv', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
/**
 * The largest sheet taken: a province's annex of a thousand procedures is well under 1 MB, and a
 * workbook travels base64-encoded, a third larger, inside Lambda's 6 MB event.
 */
export const MAX_SHEET_BYTES = 4 * 1024 * 1024;

export const importQuery = z.strictObject({
  dryRun: z._default(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((v) => v === 'true'),
    ),
    false,
  ),
});

// Province administration reads the configuration and writes its items: a procedure version is a
// two-Put transaction; a commune or calendar is read for its version, then put on it.
export const routes = {
  putProcedure: route({
    name: 'admin-put-procedure',
    method: 'PUT',
    path: '/v1/provinces/{p}/procedures/{code}',
    entry: 'functions/http/admin/put-procedure.ts',
    params: procedureParams,
    body: procedureBody,
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query', 'PutItem'] },
    summary: 'Publish a new version of a procedure',
    description: 'The step budgets must add up to the processing time. 201 for a new procedure, 200 for a new version of one.',
    example: {
      name: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      department: 'OFFICE',
      processing: { kind: 'WORKING_DAYS', days: 3 },
      stepBudgets: { RECEPTION: 0.25, ASSIGNMENT: 0.25, APPRAISAL: 1.5, REVIEW: 0.5, APPROVAL: 0.25, ISSUANCE: 0.25 },
      requiredDocuments: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
      supplementRule: 'PAUSE',
    },
    answers: { 200: 'Procedure', 201: 'Procedure' },
    etag: true,
  }),
  importProcedures: route({
    name: 'admin-import-procedures',
    method: 'POST',
    path: '/v1/provinces/{p}/procedure-imports',
    entry: 'functions/http/admin/import-procedures.ts',
    params: provinceParams,
    query: importQuery,
    upload: {
      mediaTypes: Object.values(SHEET_TYPES),
      maxBytes: MAX_SHEET_BYTES,
      description: `The annex itself, as CSV or an Excel workbook (its first sheet): a header row with the columns ${Object.values(IMPORT_COLUMNS)
        .map((c) => `"${c}"`)
        .join(', ')}, then one procedure a row, at most ${MAX_IMPORT_ROWS}.`,
    },
    roles: 'PROVINCE_ADMIN',
    // Reads the configuration, publishes the new versions (transactions of two puts a procedure).
    access: { table: ['Query', 'PutItem'] },
    // Reading a workbook is CPU-bound, and Lambda's CPU grows with memory.
    memoryMb: 1024,
    // The workbook reader (exceljs with its zip and XML parsers) is loaded only for an .xlsx body.
    sideBundle: { variable: 'XLSX_READER', file: 'xlsx.mjs', entry: 'shared/http/xlsx.ts' },
    summary: "Import the catalogue from the province's annex",
    description:
      'Values as the annexes write them: "03 ngày làm việc", "0,5 ngày làm việc" or "Trong ngày"; "50.000 đồng", "0" or "Không"; the department by its term or full name ("Phòng Kinh tế"). Documents one a line. The answer reports each row: CREATED, CHANGED (which fields), UNCHANGED or REFUSED (why, by column). With `dryRun=true` nothing is written. Otherwise a sheet with a refused row writes nothing (400, each refused row named in `errors` as `rows.<row>.<column>`), and every created or changed row is published as a new catalogue version (step budgets kept while the time is unchanged, else split by the catalogue\'s default shares); the same sheet again finds every row unchanged. 409 when the catalogue changed during the import: import the file again.',
    answers: { 200: 'CatalogueImport' },
    more: { 413: `The file is over ${MAX_SHEET_BYTES} bytes (or over the gateway's limits)`, 415: 'The body is neither CSV nor an .xlsx workbook' },
  }),
  putCommune: route({
    name: 'admin-put-commune',
    method: 'PUT',
    path: '/v1/provinces/{p}/communes/{c}',
    entry: 'functions/http/admin/put-commune.ts',
    params: communeAdminParams,
    body: communeBody,
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query', 'GetItem', 'PutItem'] },
    summary: 'Onboard or update a commune',
    description: 'From this answer on the commune can receive and work dossiers. 201 when onboarded, 200 when updated.',
    example: {
      name: 'Tân Uyên',
      centers: [{ name: 'Trung tâm Phục vụ hành chính công xã Tân Uyên', address: 'Thị trấn Tân Uyên' }],
      departments: ['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY'],
    },
    answers: { 200: 'Commune', 201: 'Commune' },
    etag: true,
  }),
  putCommuneProcedure: route({
    name: 'admin-put-commune-procedure',
    method: 'PUT',
    path: '/v1/provinces/{p}/communes/{c}/procedures/{code}',
    entry: 'functions/http/admin/put-commune-procedure.ts',
    params: communeProcedureParams,
    body: communeProcedureBody,
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query', 'GetItem', 'PutItem'] },
    summary: 'Set whether a commune offers a procedure, and a shorter time it commits to',
    description:
      "A commune may leave a procedure out of its catalogue (`enabled: false`) or commit to a shorter processing time than the province's, never a longer one; step budgets, when given, add up to it. Fees stay the province's. Dossiers accepted from then on are due by the commune's time.",
    example: {
      enabled: true,
      processing: { kind: 'WORKING_DAYS', days: 2 },
      stepBudgets: { RECEPTION: 0.25, ASSIGNMENT: 0.25, APPRAISAL: 0.75, REVIEW: 0.25, APPROVAL: 0.25, ISSUANCE: 0.25 },
    },
    answers: { 200: 'CommuneProcedure' },
    etag: true,
  }),
  putCalendar: route({
    name: 'admin-put-calendar',
    method: 'PUT',
    path: '/v1/provinces/{p}/calendar/{year}',
    entry: 'functions/http/admin/put-calendar.ts',
    params: calendarParams,
    // The schema depends on the year in the path, so the handler checks the body, after who may write.
    body: z.unknown(),
    documentedBody: calendarBody(2026),
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query', 'GetItem', 'PutItem'] },
    summary: "Store a year's days off and make-up working days",
    description: "From the year's official notice; every date lies in the year of the path, make-up working days fall on a weekend.",
    example: { daysOff: ['2026-01-01', '2026-04-27', '2026-04-30', '2026-05-01'], workingDays: [], source: 'Thông báo nghỉ lễ năm 2026' },
    answers: { 200: 'Calendar' },
    etag: true,
  }),
};
