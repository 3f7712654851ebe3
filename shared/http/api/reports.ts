import * as z from 'zod/mini';
import { INDICATOR_FORMULAS, INDICATORS } from '../../domain/service-index.js';
import { GROUPINGS } from '../../domain/statistics.js';
import { resource } from '../route.js';
import { communeParams, dateParam, provinceParams } from './common.js';

const route = resource({ name: 'Reports', description: 'SLA-breach reports and periodic statistics' });

export const reportDateQuery = z.object({ date: z.optional(dateParam) });

/** The province roll-up's page: the communes after `cursor` (a commune code, the previous page's `nextCursor`), at most `limit`. */
const rollupQuery = z.object({
  date: z.optional(dateParam),
  cursor: z.optional(z.string().check(z.maxLength(40))),
  limit: z.optional(z.coerce.number().check(z.refine(Number.isInteger, 'an integer'), z.gte(1), z.lte(500))),
});

/** The day ten years after a date, as text (a period must end before it): its cost is its days, read from the daily aggregates. */
const tenYearsAfter = (date: string) => `${Number(date.slice(0, 4)) + 10}${date.slice(4)}`;

/** A report's period: from no later than to, at most ten years; one beginning after today is refused by the application, which knows today. */
const periodChecks = [
  z.refine<{ from: string; to: string }>((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] }),
  z.refine<{ from: string; to: string }>((q) => q.to < tenYearsAfter(q.from), { message: 'a period is at most ten years', path: ['to'] }),
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

/** A collections report's period: at most a year (366 days), read from the receipts themselves. */
export const collectionsQuery = z.object({ from: dateParam, to: dateParam, format: z._default(z.enum(['json', 'csv']), 'json') }).check(
  periodChecks[0],
  z.refine<{ from: string; to: string }>((q) => Date.parse(q.to) - Date.parse(q.from) <= 365 * 86_400_000, {
    message: 'a period is at most 366 days',
    path: ['to'],
  }),
);

export const routes = {
  communeSla: route({
    name: 'reports-commune-sla',
    method: 'GET',
    path: '/v1/communes/{c}/reports/sla-breaches',
    entry: 'functions/http/reports/commune-sla.ts',
    params: communeParams,
    query: reportDateQuery,
    roles: 'LEADER, DEPT_HEAD, province roles',
    // A commune's stored report is a GetItem.
    access: { table: ['Query', 'GetItem'] },
    summary: "A commune's SLA-breach report of a day",
    description: 'Made every working day at 07:00; without `date`, the latest there is up to today (its `date` says which day).',
    answers: { 200: 'SlaReport' },
  }),
  provinceSla: route({
    name: 'reports-province-sla',
    method: 'GET',
    path: '/v1/provinces/{p}/reports/sla-breaches',
    entry: 'functions/http/reports/province-sla.ts',
    params: provinceParams,
    query: rollupQuery,
    roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR',
    // The roll-up reads every commune's stored report: a BatchGetItem.
    access: { table: ['Query', 'BatchGetItem'] },
    summary: "The province's SLA-breach roll-up of a day",
    description:
      'The province’s totals of the day (without `date`, the latest day there is up to today) and its communes’ reports, in the province’s order, a page at a time: as many as fit in one answer (about 4 MB), at most `limit`; `nextCursor` is where the next page starts, null on the last. Communes without a report are listed as missing.',
    answers: { 200: 'ProvinceSlaReport' },
  }),
  statistics: route({
    name: 'reports-statistics',
    method: 'GET',
    path: '/v1/provinces/{p}/reports/statistics',
    entry: 'functions/http/reports/statistics.ts',
    params: provinceParams,
    query: statisticsQuery,
    roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR',
    // Each commune's aggregates the period needs: days, months and totals by key (BatchGetItem), its year rollups (a Query).
    access: { table: ['Query', 'BatchGetItem'] },
    summary: 'Statistics of a period (JSON or CSV)',
    description:
      'Received, completed (early, on time, late), in progress and stopped dossiers by commune, department or procedure; any period of up to ten years that has begun (one ending after today counts until now), read from daily aggregates.',
    answers: { 200: 'Statistics' },
    csv: true,
  }),
  communeCollections: route({
    name: 'reports-commune-collections',
    method: 'GET',
    path: '/v1/communes/{c}/reports/collections',
    entry: 'functions/http/reports/commune-collections.ts',
    params: communeParams,
    query: collectionsQuery,
    roles: 'LEADER, RECEPTION',
    // The receipts of each month of the period: one Query per month; the money owed back: one Query.
    access: { table: ['Query'] },
    summary: "A commune's fee collections of a period (JSON or CSV)",
    description:
      'The receipts issued in the period (at most 366 days), per day, kind (phí, lệ phí) and method (cash, transfer, online): their count, total, first and last receipt number, and those refunded since; the totals are the sums of the receipts. In JSON, `refundsDue` lists the online payments the commune owes back (taken by the platform when nothing, or another amount, was owed any more): every one still owed, whenever it came, and those refunded in the period; the leader gives one back with POST …/payment/refund and its `reference`.',
    answers: { 200: 'CommuneCollections' },
    csv: true,
  }),
  provinceCollections: route({
    name: 'reports-province-collections',
    method: 'GET',
    path: '/v1/provinces/{p}/reports/collections',
    entry: 'functions/http/reports/province-collections.ts',
    params: provinceParams,
    query: collectionsQuery,
    roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR',
    // Each commune's receipts of each month of the period.
    access: { table: ['Query'] },
    summary: "The province's fee collections of a period, commune by commune (JSON or CSV)",
    description:
      "Every commune's collections of the period in the commune report's shape (with the online payments each owes back, `refundsDue`), and the province's totals (the sums of the receipts).",
    answers: { 200: 'ProvinceCollections' },
    csv: true,
  }),
  serviceIndex: route({
    name: 'reports-service-index',
    method: 'GET',
    path: '/v1/provinces/{p}/reports/service-index',
    entry: 'functions/http/reports/service-index.ts',
    params: provinceParams,
    query: serviceIndexQuery,
    roles: 'PROVINCE_ADMIN, PROVINCE_AUDITOR, LEADER (own commune)',
    // What the statistics read: the daily aggregates and their rollups.
    access: { table: ['Query', 'BatchGetItem'] },
    summary: 'The service index of a period (Decision 766/QĐ-TTg), JSON or CSV',
    description: `Each indicator with its numerator, denominator and value, for the province or, for a commune leader, their own commune; per commune with groupBy=commune; any period of up to ten years that has begun (one ending after today counts until now). How each is computed — ${INDICATORS.map((k) => `**${k}** (${INDICATOR_FORMULAS[k].name}): ${INDICATOR_FORMULAS[k].formula}`).join('; ')}. A dossier is received when accepted, completed when its result reached the desk.`,
    answers: { 200: 'ServiceIndex' },
    csv: true,
  }),
};
