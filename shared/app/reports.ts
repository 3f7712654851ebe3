import { expiringSoon } from '../domain/signing.js';
import { collectionsOf, type CommuneCollections } from '../domain/collections.js';
import { refundsDueIn } from '../domain/payment-platform.js';
import { slaReport, type SlaReport } from '../domain/reports.js';
import { serviceIndexOfAggregates, statisticsOfAggregates, type CommuneAggregates } from '../domain/aggregates.js';
import type { Grouping, Statistics } from '../domain/statistics.js';
import { DEPARTMENT_NAMES } from '../domain/glossary.js';
import { SYNC_DEADLINE_MS } from '../domain/national-portal.js';
import type { ServiceIndex } from '../domain/service-index.js';
import { localDate, toVietnamIso } from '../domain/time.js';
import { PROVINCE_ROLES, type Actor } from '../domain/model.js';
import { logger } from '../observability/logger.js';
import type { tenancy } from './access.js';
import type { Clock, ReportStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { Refused } from './refusal.js';

export interface SlaRun {
  date: string;
  skipped?: 'not a working day';
  communes: { commune: string; openDossiers: number; itemsRead: number; overdue: number; atRisk: number }[];
  failed: string[];
}

export interface ProvinceSla {
  province: string;
  date: string;
  openDossiers: number;
  overdue: number;
  atRisk: number;
  /** Dossiers not synchronised with the national portal within an hour, all communes together. */
  notSynced: number;
  /** Communes without a report of the day. */
  missing: string[];
  /** This page's communes' reports, in the province's order. */
  communes: SlaReport[];
  /** The commune the next page starts after; null on the last page. */
  nextCursor: string | null;
}

/** What a page of the roll-up may ask for: the communes after `cursor`, at most `limit` of them. */
export interface RollupPage {
  cursor?: string;
  limit?: number;
}

/**
 * The JSON a roll-up page may carry: a Lambda function answers at most 6 MB, and one commune's
 * report with a thousand open dossiers is near 1 MB.
 */
export const ROLLUP_PAGE_BYTES = 4_000_000;

/** Communes whose SLA reports are made at once. */
const SLA_PARALLEL_COMMUNES = 8;

/** A report stored before it had a national-sync section has an empty one. */
const withSections = (report: SlaReport): SlaReport => ({
  ...report,
  notSynced: report.notSynced ?? [],
  expiringCertificates: report.expiringCertificates ?? [],
});

/** The daily SLA-breach reports and the statistics of a period. */
export function reporting({
  store,
  clock,
  provinces,
  access,
  rollupPageBytes = ROLLUP_PAGE_BYTES,
}: {
  store: ReportStore;
  clock: Clock;
  provinces: Provinces;
  access: ReturnType<typeof tenancy>;
  rollupPageBytes?: number;
}) {
  /**
   * Each commune's SLA-breach report of today, stored for the API. One commune's failure does
   * not stop the others (it is named in `failed`). A day off is skipped unless `force`.
   */
  async function runSlaReports(province: string, force = false): Promise<SlaRun> {
    const now = clock.now();
    const date = localDate(now);
    const config = await provinces.config(province);
    if (!config) throw new Error(`province ${province} has no configuration`);
    const calendar = provinces.calendarOf(config);
    const run: SlaRun = { date, communes: [], failed: [] };
    if (!force && !calendar.isWorkingDay(date)) return { ...run, skipped: 'not a working day' };
    // One query for the province: the dossiers the national portal has not had for an hour.
    const notSynced = await store.unsyncedSince(province, toVietnamIso(now - SYNC_DEADLINE_MS));
    // A few communes at a time: each is a query and batch reads of its open dossiers, so the
    // province's run takes its largest communes' time, not the sum of all (126 in Hà Nội).
    const queue = config.communes.map((c) => c.code);
    const reportOne = async (code: string) => {
      try {
        const { items, itemsRead } = await store.openDossiers(code);
        const report = slaReport(
          code,
          date,
          items,
          calendar,
          now,
          notSynced.filter((u) => u.commune === code),
          expiringSoon(
            (config.signers ?? []).filter((s) => s.commune === code),
            now,
          ).map(({ role, sub, certificate }) => ({
            role,
            ...(sub ? { sub } : {}),
            subject: certificate.subject,
            fingerprint: certificate.fingerprint,
            notAfter: certificate.notAfter,
          })),
        );
        await store.putSlaReport(report);
        run.communes.push({ commune: code, openDossiers: report.openDossiers, itemsRead, overdue: report.overdue, atRisk: report.atRisk });
      } catch (error) {
        logger.error('SLA report failed for a commune', { province, commune: code, error: String(error) });
        run.failed.push(code);
      }
    };
    await Promise.all(
      Array.from({ length: SLA_PARALLEL_COMMUNES }, async () => {
        for (let code = queue.shift(); code; code = queue.shift()) await reportOne(code);
      }),
    );
    const order = new Map(config.communes.map((c, i) => [c.code, i]));
    run.communes.sort((a, b) => order.get(a.commune)! - order.get(b.commune)!);
    run.failed.sort((a, b) => order.get(a)! - order.get(b)!);
    logger.info('SLA reports stored', { province, date, communes: run.communes.length, failed: run.failed.length });
    return run;
  }

  /**
   * The day a report is read of: the one asked for, else the latest there is up to today (none is
   * made before 07:00 nor on a day off: the report of the last working day is what is current).
   */
  async function reportDay(communes: string[], day: string | undefined): Promise<string | undefined> {
    return day ?? (await store.latestSlaReportDate(communes, localDate(clock.now())));
  }

  /** A commune's SLA-breach report of a day (the latest by default): its leader, department heads and the province read it. */
  async function communeSla(actor: Actor, commune: string, day?: string): Promise<SlaReport> {
    if (!actor.roles.some((r) => r === 'LEADER' || r === 'DEPT_HEAD' || PROVINCE_ROLES.includes(r))) {
      throw new Refused('forbidden', 'commune reports are read by the leader, the department heads and the province');
    }
    await access.communeFor(actor, commune);
    const date = await reportDay([commune], day);
    const report = date ? await store.getSlaReport(commune, date) : undefined;
    if (!report) throw new Refused('not-found', `no SLA report of ${commune} ${date ? `for ${date}` : 'yet'}`);
    return withSections(report);
  }

  /**
   * The province roll-up of a day's SLA-breach reports (the latest by default): the province's
   * totals and missing communes, and the reports of a page of communes in the province's order —
   * as many as fit in a function's answer, `limit` at most.
   */
  async function provinceSla(actor: Actor, province: string, day?: string, page: RollupPage = {}): Promise<ProvinceSla> {
    const config = await access.provinceFor(actor, province);
    const codes = config.communes.map((c) => c.code);
    if (page.cursor !== undefined && !codes.includes(page.cursor)) {
      throw new Refused('invalid', 'the cursor is not a commune of the province', [{ path: 'query.cursor', message: 'not a cursor of this roll-up' }]);
    }
    const date = await reportDay(codes, day);
    const order = new Map(codes.map((c, i) => [c, i]));
    const reports = date ? (await store.getSlaReports(codes, date)).map(withSections).sort((a, b) => order.get(a.commune)! - order.get(b.commune)!) : [];
    if (!date || reports.length === 0) throw new Refused('not-found', `no SLA report of ${province} ${date ? `for ${date}` : 'yet'}`);
    const after = page.cursor === undefined ? -1 : order.get(page.cursor)!;
    const rest = reports.filter((r) => order.get(r.commune)! > after);
    const communes: SlaReport[] = [];
    let bytes = 0;
    for (const report of rest) {
      if (communes.length === (page.limit ?? Infinity)) break;
      const size = Buffer.byteLength(JSON.stringify(report));
      if (communes.length > 0 && bytes + size > rollupPageBytes) break;
      communes.push(report);
      bytes += size;
    }
    const total = (field: 'openDossiers' | 'overdue' | 'atRisk') => reports.reduce((sum, r) => sum + r[field], 0);
    return {
      province,
      date,
      openDossiers: total('openDossiers'),
      overdue: total('overdue'),
      atRisk: total('atRisk'),
      notSynced: reports.reduce((sum, r) => sum + r.notSynced.length, 0),
      missing: codes.filter((c) => !reports.some((r) => r.commune === c)),
      communes,
      nextCursor: communes.length < rest.length ? communes.at(-1)!.commune : null,
    };
  }

  /**
   * The communes' aggregates a period needs (a few dozen items each, whatever its length). A period that has not begun is refused: nothing is counted in it yet (one that ends
   * after today counts until now).
   */
  async function periodAggregates(communes: string[], period: { from: string; to: string }): Promise<CommuneAggregates[]> {
    const today = localDate(clock.now());
    if (period.from > today) {
      throw new Refused('invalid', `the period begins ${period.from}, after today (${today})`, [{ path: 'query.from', message: 'must not be after today' }]);
    }
    return Promise.all(communes.map((c) => store.aggregates(c, period)));
  }

  /** Province statistics of a period, by commune, department or procedure, from the daily aggregates. */
  async function provinceStatistics(actor: Actor, province: string, period: { from: string; to: string; groupBy: Grouping }): Promise<Statistics> {
    const config = await access.provinceFor(actor, province);
    const aggregates = await periodAggregates(
      config.communes.map((c) => c.code),
      period,
    );
    const groups = { ...DEPARTMENT_NAMES, ...Object.fromEntries(config.communes.map((c) => [c.code, c.name])) };
    const procedures = Object.fromEntries(config.procedures.map((p) => [p.code, p.name]));
    return statisticsOfAggregates(aggregates, period.from, period.to, period.groupBy, { groups, procedures });
  }

  /**
   * The service index of a period: the province's communes for the province roles, their own
   * commune for a commune leader; per commune when asked.
   */
  async function provinceServiceIndex(
    actor: Actor,
    province: string,
    period: { from: string; to: string; groupBy?: 'commune' },
  ): Promise<ServiceIndex & { province: string; commune?: string }> {
    const config = await access.provinceFor(actor, province, [...PROVINCE_ROLES, 'LEADER']);
    const provinceWide = actor.roles.some((r) => PROVINCE_ROLES.includes(r));
    if (!provinceWide && !actor.commune) throw new Refused('forbidden', 'a leader reads the service index of their own commune');
    const communes = provinceWide ? config.communes : config.communes.filter((c) => c.code === actor.commune);
    const aggregates = await periodAggregates(
      communes.map((c) => c.code),
      period,
    );
    const index = serviceIndexOfAggregates(aggregates, period.from, period.to, {
      byCommune: period.groupBy === 'commune',
      communes: communes.map((c) => ({ code: c.code, name: c.name })),
    });
    return { province, ...(provinceWide ? {} : { commune: actor.commune! }), ...index };
  }

  /** A period of receipts is read whole: at most a year, one that has begun. */
  function collectionsPeriod(period: { from: string; to: string }) {
    const today = localDate(clock.now());
    if (period.from > today) {
      throw new Refused('invalid', `the period begins ${period.from}, after today (${today})`, [{ path: 'query.from', message: 'must not be after today' }]);
    }
  }

  /** A commune's collections of a period: its leader and its desk read them. */
  async function communeCollections(actor: Actor, commune: string, period: { from: string; to: string }): Promise<CommuneCollections> {
    if (!actor.roles.some((r) => r === 'LEADER' || r === 'RECEPTION'))
      throw new Refused('forbidden', 'a commune’s collections are read by its leader and its desk');
    const { commune: found } = await access.communeFor(actor, commune);
    collectionsPeriod(period);
    const [receipts, owed] = await Promise.all([store.receiptsIssued(commune, period.from, period.to), store.refundsDue(commune)]);
    return collectionsOf(commune, receipts, found.name, refundsDueIn(owed, period.from, period.to));
  }

  /** Every commune's collections of a period, the same shape each, and the province's totals: the province roles read them. */
  async function provinceCollections(actor: Actor, province: string, period: { from: string; to: string }) {
    const config = await access.provinceFor(actor, province);
    collectionsPeriod(period);
    const communes = await Promise.all(
      config.communes.map(async (c) => {
        const [receipts, owed] = await Promise.all([store.receiptsIssued(c.code, period.from, period.to), store.refundsDue(c.code)]);
        return collectionsOf(c.code, receipts, c.name, refundsDueIn(owed, period.from, period.to));
      }),
    );
    const sum = (f: (c: CommuneCollections) => number) => communes.reduce((s, c) => s + f(c), 0);
    return {
      province,
      communes,
      totals: {
        count: sum((c) => c.totals.count),
        total: sum((c) => c.totals.total),
        refunded: { count: sum((c) => c.totals.refunded.count), total: sum((c) => c.totals.refunded.total) },
      },
    };
  }

  return { runSlaReports, communeSla, provinceSla, provinceStatistics, serviceIndex: provinceServiceIndex, communeCollections, provinceCollections };
}
