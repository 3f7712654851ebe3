import { z } from 'zod';
import { CHANNELS, DEPARTMENTS, DOCUMENT_KINDS, STATUSES, STEPS } from '../domain/model.js';
import { isoWeekday } from '../domain/time.js';
import { DOSSIER_CODE } from '../domain/codes.js';
import { GROUPINGS } from '../domain/statistics.js';
import { parseInstant } from '../domain/time.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const communeParam = z.string().regex(/^[A-Za-z0-9.]{1,32}$/, 'a unit code');
export const provinceParam = z.string().regex(/^[A-Z0-9]{2,8}$/, 'a province code');
export const dossierParams = z.object({ c: communeParam, id: z.string().uuid() });

export const documentSchema = z.object({
  name: text(300),
  kind: z.enum(DOCUMENT_KINDS),
  count: z.number().int().min(1).max(1000),
});

export const createDossierBody = z
  .object({
    procedureCode: text(32),
    channel: z.enum(CHANNELS),
    applicant: z
      .object({
        name: text(200),
        idNumber: z.string().regex(/^\d{9}$|^\d{12}$/, 'a 12-digit citizen ID (or 9-digit ID card) number'),
        phone: z.string().regex(/^\+?\d{9,15}$/, 'a phone number').optional(),
        email: z.string().email().max(254).optional(),
        address: text(500),
      })
      .strict(),
    documents: z.array(documentSchema).min(1).max(100),
    competentCommune: communeParam.optional(),
    note: text(2000).optional(),
  })
  .strict();

const version = { expectedVersion: z.number().int().min(1).optional() };
const reason = text(2000);
const instant = z.string().refine((s) => !Number.isNaN(parseInstant(s)), 'an ISO 8601 date-time with an offset');

/** The body of each transition; every one also takes `expectedVersion`. */
export const transitionBodies = {
  accept: z.object(version).strict(),
  'request-supplement': z.object({ ...version, reason, documents: z.array(text(300)).min(1).max(100) }).strict(),
  supplement: z.object({ ...version, documents: z.array(documentSchema).min(1).max(100) }).strict(),
  refuse: z.object({ ...version, reason }).strict(),
  assign: z.object({ ...version, assignee: text(128) }).strict(),
  propose: z.object({ ...version, outcome: z.enum(['APPROVE', 'REJECT']), summary: text(4000) }).strict(),
  review: z.object({ ...version, agree: z.boolean(), note: text(4000) }).strict(),
  approve: z.object({ ...version, decision: z.enum(['APPROVED', 'REJECTED']), note: text(4000) }).strict(),
  issue: z.object(version).strict(),
  return: z.object(version).strict(),
  withdraw: z.object({ ...version, reason }).strict(),
  extend: z.object({ ...version, newDueAt: instant, reason }).strict(),
};

export const listQuery = z
  .object({
    status: z.enum(STATUSES).optional(),
    step: z.enum(STEPS).optional(),
    department: z.enum(DEPARTMENTS).optional(),
    assignee: text(128).optional(),
    timeliness: z.enum(['EARLY', 'ON_TIME', 'LATE', 'ON_TRACK', 'AT_RISK', 'OVERDUE']).optional(),
    cursor: z.string().max(2000).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** A local calendar date, YYYY-MM-DD. */
export const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(d)), 'a real date');

const quarterDays = z.number().min(0).max(365).multipleOf(0.25, 'in steps of 0.25 day');

/** A catalogue entry as the province publishes it; step budgets must add up to the processing time. */
export const procedureBody = z
  .object({
    name: text(500),
    department: z.enum(DEPARTMENTS),
    processing: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('WORKING_DAYS'), days: quarterDays.min(0.25) }).strict(),
      z.object({ kind: z.literal('SAME_DAY') }).strict(),
    ]),
    stepBudgets: z.object(Object.fromEntries(STEPS.map((s) => [s, quarterDays])) as Record<(typeof STEPS)[number], typeof quarterDays>).strict(),
    requiredDocuments: z.array(text(300)).max(100),
    fee: z.number().int().min(0),
    supplementRule: z.enum(['PAUSE', 'RESET']).default('PAUSE'),
    supplementLimitDays: quarterDays.min(1).optional(),
    expectedVersion: z.number().int().min(0).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const total = Object.values(p.stepBudgets).reduce((sum, d) => sum + d, 0);
    const days = p.processing.kind === 'WORKING_DAYS' ? p.processing.days : 0;
    if (p.processing.kind === 'WORKING_DAYS' && Math.abs(total - days) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['stepBudgets'], message: `the step budgets add up to ${total} days, not ${days}` });
    }
    if (p.processing.kind === 'SAME_DAY' && total !== 0) {
      ctx.addIssue({ code: 'custom', path: ['stepBudgets'], message: 'a SAME_DAY procedure has no step budgets (all 0)' });
    }
  });

export const communeBody = z
  .object({
    name: text(200),
    centers: z.array(z.object({ name: text(300), address: text(500) }).strict()).max(20).default([]),
    departments: z.array(z.enum(DEPARTMENTS)).min(1).default([...DEPARTMENTS]),
  })
  .strict();

/** A year's days off and make-up working days, from the year's official notice. */
export const calendarBody = (year: number) =>
  z
    .object({
      daysOff: z.array(dateParam).max(60),
      workingDays: z.array(dateParam).max(20).default([]),
      source: text(500),
    })
    .strict()
    .superRefine((c, ctx) => {
      const outside = [...c.daysOff, ...c.workingDays].filter((d) => !d.startsWith(`${year}-`));
      if (outside.length) ctx.addIssue({ code: 'custom', path: ['daysOff'], message: `dates outside ${year}: ${outside.join(', ')}` });
      const both = c.daysOff.filter((d) => c.workingDays.includes(d));
      if (both.length) ctx.addIssue({ code: 'custom', path: ['workingDays'], message: `both off and worked: ${both.join(', ')}` });
      const weekdays = c.workingDays.filter((d) => isoWeekday(d) < 6);
      if (weekdays.length) ctx.addIssue({ code: 'custom', path: ['workingDays'], message: `make-up working days fall on a weekend: ${weekdays.join(', ')}` });
    });

export const codeParams = z.object({ code: z.string().regex(DOSSIER_CODE, 'a dossier code') });
const lookupSecret = z.string().min(1).max(200);
export const lookupQuery = z.object({ secret: lookupSecret });
export const ratingBody = z
  .object({ secret: lookupSecret, score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() })
  .strict();

/** Longest period one statistics request may cover. */
const MAX_PERIOD_DAYS = 366;

export const statisticsQuery = z
  .object({
    from: dateParam,
    to: dateParam,
    groupBy: z.enum(GROUPINGS).default('commune'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_PERIOD_DAYS * 86_400_000, {
    message: `a period is at most ${MAX_PERIOD_DAYS} days`,
    path: ['to'],
  });
