import * as z from 'zod/mini';
import { INDICATOR_FORMULAS, INDICATORS, type IndicatorKey } from '../../domain/service-index.js';
import { GROUPINGS } from '../../domain/statistics.js';
import { count, department, instant, localDate, named, nextCursor, office, procedureRef, status, step } from './common.js';

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
    expiringCertificates: z.array(
      named(
        'ExpiringCertificate',
        "A certificate registered to sign for the commune (a leader's, or the commune's seal) that expires within 30 days or has expired: renew it with the CA and register the new one",
        z.strictObject({ role: z.enum(['LEADER', 'SEAL']), sub: z.optional(z.string()), subject: z.string(), fingerprint: z.string(), notAfter: z.string() }),
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
    nextCursor,
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

export type SlaReportAnswer = z.output<typeof slaReportAnswer>;
export type StatisticsAnswer = z.output<typeof statisticsAnswer>;
