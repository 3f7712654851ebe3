import * as z from 'zod/mini';
import { DOSSIER_CODE } from '../domain/codes.js';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../domain/attachments.js';
import { DOSSIER_EVENT_TYPES, type DossierEventType } from '../domain/events.js';
import { FORMS } from '../domain/forms.js';
import { ATTACHMENT_PURPOSES, CHANNELS, DEPARTMENTS, DOCUMENT_KINDS, STATUSES, STEPS } from '../domain/model.js';
import { GROUPINGS } from '../domain/statistics.js';
import { isoWeekday, parseInstant } from '../domain/time.js';
import { WEBHOOK_NAME } from '../domain/webhooks.js';

/*
 * Every request schema of the API, in one place: the handlers validate with them and
 * /openapi.json is generated from them. zod/mini keeps each Lambda bundle small.
 */

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const integer = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

export const communeParam = z.string().check(z.regex(/^[A-Za-z0-9.]{1,32}$/, 'a unit code'));
export const provinceParam = z.string().check(z.regex(/^[A-Z0-9]{2,8}$/, 'a province code'));
export const communeParams = z.object({ c: communeParam });
export const provinceParams = z.object({ p: provinceParam });
export const dossierParams = z.object({ c: communeParam, id: z.uuid() });
export const codeParams = z.object({ code: z.string().check(z.maxLength(64), z.regex(DOSSIER_CODE, 'a dossier code')) });

/** A local calendar date, YYYY-MM-DD. */
export const dateParam = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  // Checked even when the pattern failed (zod/mini runs every check): a text that is no date is simply not a real one.
  z.refine((d) => {
    const midnight = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(midnight) && new Date(midnight).toISOString().startsWith(d);
  }, 'a real date'),
);
export const reportDateQuery = z.object({ date: z.optional(dateParam) });

export const documentSchema = z.strictObject({
  name: text(300),
  kind: z.enum(DOCUMENT_KINDS),
  count: integer(1, 1000),
});
const documents = z.array(documentSchema).check(z.minLength(1), z.maxLength(100));

const idNumber = z.string().check(z.regex(/^\d{9}$|^\d{12}$/, 'a 12-digit citizen ID (or 9-digit ID card) number'));
const phone = z.string().check(z.regex(/^\+?\d{9,15}$/, 'a phone number'));
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

const version = { expectedVersion: z.optional(integer(1, Number.MAX_SAFE_INTEGER)) };
const reason = text(2000);
const instant = z.string().check(z.refine((s) => !Number.isNaN(parseInstant(s)), 'an ISO 8601 date-time with an offset'));

/** The body of each transition; every one also takes `expectedVersion`. */
export const transitionBodies = {
  accept: z.strictObject(version),
  'request-supplement': z.strictObject({ ...version, reason, documents: z.array(text(300)).check(z.minLength(1), z.maxLength(100)) }),
  supplement: z.strictObject({ ...version, documents }),
  refuse: z.strictObject({ ...version, reason }),
  assign: z.strictObject({ ...version, assignee: text(128) }),
  propose: z.strictObject({ ...version, outcome: z.enum(['APPROVE', 'REJECT']), summary: text(4000) }),
  review: z.strictObject({ ...version, agree: z.boolean(), note: text(4000) }),
  approve: z.strictObject({ ...version, decision: z.enum(['APPROVED', 'REJECTED']), note: text(4000) }),
  issue: z.strictObject(version),
  return: z.strictObject(version),
  withdraw: z.strictObject({ ...version, reason }),
  extend: z.strictObject({ ...version, newDueAt: instant, reason }),
};

export const listQuery = z.strictObject({
  status: z.optional(z.enum(STATUSES)),
  step: z.optional(z.enum(STEPS)),
  department: z.optional(z.enum(DEPARTMENTS)),
  assignee: z.optional(text(128)),
  timeliness: z.optional(z.enum(['EARLY', 'ON_TIME', 'LATE', 'ON_TRACK', 'AT_RISK', 'OVERDUE'])),
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

export const pageQuery = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'an integer'), z.gte(1), z.lte(100)), 50),
});

export const formParams = z.object({ c: communeParam, id: z.uuid(), form: z.enum(FORMS) });

const quarterDays = (min: number) => z.number().check(z.gte(min), z.lte(365), z.multipleOf(0.25, 'in steps of 0.25 day'));

export const procedureParams = z.object({ p: provinceParam, code: z.string().check(z.regex(/^[0-9A-Za-z.]{1,32}$/, 'a procedure code')) });

/** A catalogue entry as the province publishes it; step budgets must add up to the processing time. */
export const procedureBody = z
  .strictObject({
    name: text(500),
    department: z.enum(DEPARTMENTS),
    processing: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('WORKING_DAYS'), days: quarterDays(0.25) }),
      z.strictObject({ kind: z.literal('SAME_DAY') }),
    ]),
    stepBudgets: z.strictObject(Object.fromEntries(STEPS.map((s) => [s, quarterDays(0)])) as Record<(typeof STEPS)[number], ReturnType<typeof quarterDays>>),
    requiredDocuments: z.array(text(300)).check(z.maxLength(100)),
    fee: integer(0, Number.MAX_SAFE_INTEGER),
    supplementRule: z._default(z.enum(['PAUSE', 'RESET']), 'PAUSE'),
    supplementLimitDays: z.optional(quarterDays(1)),
    expectedVersion: z.optional(integer(0, Number.MAX_SAFE_INTEGER)),
  })
  .check(
    z.superRefine((p, ctx) => {
      const total = Object.values(p.stepBudgets).reduce((sum, d) => sum + d, 0);
      const days = p.processing.kind === 'WORKING_DAYS' ? p.processing.days : 0;
      if (p.processing.kind === 'WORKING_DAYS' && Math.abs(total - days) > 1e-9) {
        ctx.addIssue({ code: 'custom', path: ['stepBudgets'], message: `the step budgets add up to ${total} days, not ${days}`, input: p });
      }
      if (p.processing.kind === 'SAME_DAY' && total !== 0) {
        ctx.addIssue({ code: 'custom', path: ['stepBudgets'], message: 'a SAME_DAY procedure has no step budgets (all 0)', input: p });
      }
    }),
  );

export const communeAdminParams = z.object({ p: provinceParam, c: communeParam });
export const communeBody = z.strictObject({
  name: text(200),
  centers: z._default(z.array(z.strictObject({ name: text(300), address: text(500) })).check(z.maxLength(20)), []),
  departments: z._default(z.array(z.enum(DEPARTMENTS)).check(z.minLength(1)), [...DEPARTMENTS]),
  /** Office e-mail addresses that get the morning SLA digest of the commune. */
  reportRecipients: z.optional(z.array(z.email().check(z.maxLength(254))).check(z.maxLength(20))),
  expectedVersion: z.optional(integer(0, Number.MAX_SAFE_INTEGER)),
});

export const calendarParams = z.object({
  p: provinceParam,
  year: z.pipe(z.string().check(z.regex(/^\d{4}$/, 'a year')), z.coerce.number<string>().check(z.gte(2000), z.lte(2100))),
});

/** A year's days off and make-up working days, from the year's official notice. */
export const calendarBody = (year: number) =>
  z
    .strictObject({
      daysOff: z.array(dateParam).check(z.maxLength(60)),
      workingDays: z._default(z.array(dateParam).check(z.maxLength(20)), []),
      source: text(500),
      expectedVersion: z.optional(integer(0, Number.MAX_SAFE_INTEGER)),
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

export const attachmentParams = z.object({ c: communeParam, id: z.uuid(), aid: z.uuid() });
export const attachmentBody = z.strictObject({
  name: text(200),
  purpose: z.enum(ATTACHMENT_PURPOSES),
  contentType: z.enum(ATTACHMENT_TYPES),
  size: integer(1, MAX_ATTACHMENT_BYTES),
  sha256: z.optional(z.string().check(z.regex(/^[0-9a-fA-F]{64}$/, 'a hex SHA-256'))),
});

const lookupSecret = z.string().check(z.minLength(1), z.maxLength(200));
export const lookupQuery = z.object({ secret: lookupSecret });
export const ratingBody = z.strictObject({
  secret: lookupSecret,
  score: integer(1, 5),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

/** Longest period one statistics request may cover. */
const MAX_PERIOD_DAYS = 366;

/** A report's period: from no later than to, at most MAX_PERIOD_DAYS. */
const periodChecks = [
  z.refine<{ from: string; to: string }>((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] }),
  z.refine<{ from: string; to: string }>((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_DAYS * 86_400_000, {
    message: `a period is at most ${MAX_PERIOD_DAYS} days`,
    path: ['to'],
  }),
] as const;

/** The service index of a period, per commune when asked, JSON or CSV; the same limits as the statistics. */
export const serviceIndexQuery = z
  .object({
    from: dateParam,
    to: dateParam,
    groupBy: z.optional(z.enum(['commune'])),
    format: z._default(z.enum(['json', 'csv']), 'json'),
  })
  .check(...periodChecks);

export const statisticsQuery = z
  .object({
    from: dateParam,
    to: dateParam,
    groupBy: z._default(z.enum(GROUPINGS), 'commune'),
    format: z._default(z.enum(['json', 'csv']), 'json'),
  })
  .check(...periodChecks);

export const webhookParams = z.object({ p: provinceParam, name: z.string().check(z.regex(WEBHOOK_NAME, 'a webhook name: a–z, 0–9 and -, at most 63')) });
export const webhookBody = z.strictObject({
  url: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
  events: z.optional(
    z.array(z.enum(DOSSIER_EVENT_TYPES as [DossierEventType, ...DossierEventType[]])).check(z.minLength(1), z.maxLength(DOSSIER_EVENT_TYPES.length)),
  ),
});
