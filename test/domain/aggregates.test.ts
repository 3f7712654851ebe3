/**
 * Daily aggregates: the statistics and the service index of a period read from them equal what
 * the dossiers themselves give — on the hand-counted fixtures, and over random lifecycles whose
 * stream is delivered with a batch redelivered, reordered or duplicated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregatesOf,
  contributionOf,
  countPart,
  countedFrom,
  dossierPartOf,
  periodKeys,
  serviceIndexOfAggregates,
  statisticsOfAggregates,
  syncPartOf,
  type Counted,
  type DossierFacts,
} from '../../shared/domain/aggregates.js';
import { decide, pendingHandoff, receiveHandoff } from '../../shared/domain/lifecycle.js';
import type { Channel, Department, Dossier } from '../../shared/domain/model.js';
import { nationalSyncOf, type NationalSyncState } from '../../shared/domain/national-portal.js';
import { nationalStatus } from '../../shared/domain/national-status.js';
import { serviceIndex, type ServiceIndexRow } from '../../shared/domain/service-index.js';
import { GROUPINGS, statistics, type Statistics, type StatisticsRow } from '../../shared/domain/statistics.js';
import { addDays, localDate, toVietnamIso } from '../../shared/domain/time.js';
import { at, ctxAt, MINUTE, officials, procedure, Story } from './fixtures.js';
import { ACTIONS, commandFor, expected, OFFICIALS } from './lifecycle-table.js';
import { SERVICE_INDEX_FIXTURE, STATISTICS_FIXTURE } from './report-fixtures.js';

/** The facts of a fixture row: what a stored dossier of those fields would give. */
function factsOfRow(row: Partial<StatisticsRow & ServiceIndexRow> & { id: string; commune: string; channel: Channel }): DossierFacts {
  return {
    commune: row.commune,
    department: row.department ?? 'ECONOMICS',
    procedure: row.procedureRef?.code ?? '1.001612',
    channel: row.channel,
    status: row.status ?? (row.completedAt ? 'RESULT_READY' : 'IN_PROCESSING'),
    ...(row.acceptedAt ? { acceptedAt: row.acceptedAt } : {}),
    ...(row.closedAt ? { closedAt: row.closedAt } : {}),
    ...(row.completedAt ? { completedAt: row.completedAt } : {}),
    ...(row.timeliness ? { timeliness: row.timeliness } : {}),
    ...(row.dueAt ? { dueAt: row.dueAt } : {}),
    digitised: Boolean(row.digitisation || row.result?.electronic),
    synced: row.nationalSync === 'SYNCED',
    toPay: Boolean(row.payment && row.payment.status !== 'WAIVED'),
    paidOnline: Boolean(row.payment && row.payment.status !== 'WAIVED' && row.payment.method === 'ONLINE'),
    ...(row.rating ? { rating: row.rating.score } : {}),
    supplementRequests: [],
  };
}

const MARCH = { from: '2026-03-01', to: '2026-03-31' };

/** The communes' aggregates of these facts: only the items a period reads, or all of them. */
const aggregatesOfFacts = (facts: DossierFacts[], period?: { from: string; to: string }) =>
  [...new Set(facts.map((f) => f.commune))].map((c) => aggregatesOf(c, facts.filter((f) => f.commune === c).map(contributionOf), period));

/** The dossiers' statistics without the lines of groups that have nothing to count in the period. */
const withoutEmptyLines = (s: Statistics): Statistics => ({
  ...s,
  lines: s.lines.filter((l) => l.carriedOver + l.received.total + l.completed.total + l.inProgress.total + l.awaitingSupplement + l.refused + l.withdrawn > 0),
});

describe('statistics and service index from the aggregates', () => {
  it('match the hand-counted statistics of March 2026, by commune, department and procedure', () => {
    const aggregates = aggregatesOfFacts(STATISTICS_FIXTURE.map(factsOfRow), MARCH);
    for (const groupBy of GROUPINGS) {
      const names = { groups: { 'H30.01': 'Tân Uyên' }, procedures: { '1.001612': 'Đăng ký thành lập hộ kinh doanh' } };
      expect(statisticsOfAggregates(aggregates, '2026-03-01', '2026-03-31', groupBy, names)).toEqual(
        statistics(STATISTICS_FIXTURE, '2026-03-01', '2026-03-31', groupBy, { 'H30.01': 'Tân Uyên' }),
      );
    }
    expect(statisticsOfAggregates(aggregates, '2026-03-01', '2026-03-31', 'commune').total).toMatchObject({
      carriedOver: 1,
      received: { online: 1, inPerson: 5, postal: 1, total: 7 },
      completed: { early: 1, onTime: 1, late: 1, total: 3 },
      inProgress: { onTrack: 2, overdue: 1, total: 3 },
      awaitingSupplement: 1,
      refused: 1,
      withdrawn: 1,
      onTimeRate: 0.6667,
    });
  });

  it('match the hand-counted service index of March 2026, per commune and for a commune without dossiers', () => {
    const communes = [
      { code: 'H30.02', name: 'Mường Khoa' },
      { code: 'H30.01', name: 'Tân Uyên' },
      { code: 'H30.03', name: 'Pắc Ta' },
    ];
    const aggregates = aggregatesOfFacts(SERVICE_INDEX_FIXTURE.map(factsOfRow), MARCH);
    const fromAggregates = serviceIndexOfAggregates(aggregates, '2026-03-01', '2026-03-31', { byCommune: true, communes });
    expect(fromAggregates).toEqual(serviceIndex(SERVICE_INDEX_FIXTURE, '2026-03-01', '2026-03-31', { byCommune: true, communes }));
    expect(fromAggregates.indicators.satisfaction).toEqual({ numerator: 12, denominator: 3, value: 4 });
  });

  it('read only the items the period names: the same as from every item kept', () => {
    const facts = STATISTICS_FIXTURE.map(factsOfRow);
    expect(statisticsOfAggregates(aggregatesOfFacts(facts, MARCH), MARCH.from, MARCH.to, 'procedure')).toEqual(
      statisticsOfAggregates(aggregatesOfFacts(facts), MARCH.from, MARCH.to, 'procedure'),
    );
  });
});

describe('month and year rollups (fast-check)', () => {
  const DAY0 = '2019-01-01';
  const factsOn = (day: number, procedure: number): DossierFacts => ({
    commune: 'H30.01',
    department: 'ECONOMICS',
    procedure: `1.00000${procedure}`,
    channel: 'ONLINE',
    status: 'RETURNED',
    acceptedAt: `${addDays(DAY0, day)}T09:00:00+07:00`,
    closedAt: `${addDays(DAY0, day + 3)}T09:00:00+07:00`,
    completedAt: `${addDays(DAY0, day + 2)}T09:00:00+07:00`,
    timeliness: 'ON_TIME',
    dueAt: `${addDays(DAY0, day + 5)}T17:00:00+07:00`,
    digitised: day % 2 === 0,
    synced: true,
    toPay: false,
    paidOnline: false,
    supplementRequests: [],
  });

  it('a period of any length, across months and years, answers from at most 43 items and its years, as from every item kept', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.nat(8 * 366), procedure: fc.nat(4) }), { minLength: 1, maxLength: 60 }),
        fc.record({ from: fc.nat(8 * 366), length: fc.nat(10 * 366) }),
        (dossiers, period) => {
          const facts = dossiers.map((d) => factsOn(d.day, d.procedure));
          const from = addDays(DAY0, period.from);
          const to = addDays(from, period.length);
          const read = aggregatesOfFacts(facts, { from, to });
          // Per boundary at most 15 days and 6 months, and the totals; the years are a Query of a few items.
          expect(periodKeys(from, to).keys.length).toBeLessThanOrEqual(43);
          // What the rollups add up to from each boundary on is the sum of the days themselves.
          const all = aggregatesOfFacts(facts)[0]!;
          for (const day of [from, addDays(to, 1)]) {
            const days = [...all.items].filter(([key]) => /^\d/.test(key) && key >= day);
            const expected: Record<string, number> = {};
            for (const [, counters] of days) for (const [name, n] of Object.entries(counters)) expected[name] = (expected[name] ?? 0) + n;
            const counted = countedFrom(read[0]!.items, day);
            expect(Object.fromEntries(Object.entries(counted).filter(([, n]) => n !== 0))).toEqual(expected);
          }
          for (const groupBy of GROUPINGS) {
            expect(statisticsOfAggregates(read, from, to, groupBy)).toEqual(statisticsOfAggregates([all], from, to, groupBy));
          }
          expect(serviceIndexOfAggregates(read, from, to)).toEqual(serviceIndexOfAggregates([all], from, to));
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Random lifecycles through a stream delivered out of order
// ---------------------------------------------------------------------------------------------

/** One stored change a stream record carries: a dossier version (or its rating beside it), or its synchronisation state. */
type Change = { dossier: Dossier } | { dossierId: string; sync: NationalSyncState };

interface Lifecycle {
  final: Dossier;
  sync?: NationalSyncState;
  changes: Change[];
}

const START = at('2026-01-05T07:30+07:00');
const DEPARTMENTS: Department[] = ['ECONOMICS', 'CULTURE_SOCIETY'];

/** A dossier driven by `picks` through moves the design allows, its national sync now and then, rated at the end when returned. */
function lifecycle(
  id: string,
  spec: { startDay: number; channel: Channel; department: number; rule: 'PAUSE' | 'RESET'; picks: number[]; rating: number },
): Lifecycle {
  const department = DEPARTMENTS[spec.department % DEPARTMENTS.length]!;
  const proc = procedure({ code: `1.00${spec.department % 2}`, department, supplementRule: spec.rule });
  let now = START + spec.startDay * 24 * 60 * MINUTE;
  let d = Story.submit({ at: now, procedure: proc, channel: spec.channel, id }).dossier;
  const changes: Change[] = [{ dossier: d }];
  let sync: NationalSyncState | undefined;
  for (const pick of spec.picks) {
    now += (pick % 97) * 30 * MINUTE;
    if (pick % 5 === 0) {
      // The connector's outcome for the version now stored: accepted, or refused.
      sync =
        pick % 3 === 0
          ? {
              version: sync?.version ?? 0,
              stepsSent: sync?.stepsSent ?? 0,
              ...(sync?.syncedAt ? { syncedAt: sync.syncedAt, sentStatus: sync.sentStatus! } : {}),
              failure: { version: d.version, at: toVietnamIso(now), since: toVietnamIso(now), error: 'error_code 99' },
            }
          : {
              version: d.version,
              syncedAt: toVietnamIso(now),
              sentStatus: nationalStatus(d.status, d.step),
              stepsSent: d.steps.filter((s) => s.completedAt).length,
            };
      changes.push({ dossierId: id, sync });
      continue;
    }
    const options: (() => Dossier | undefined)[] = [];
    const pending = pendingHandoff(d);
    if (pending && d.status === 'IN_PROCESSING') options.push(() => receiveHandoff(d, pending.to, ctxAt(now)));
    const ending = pick % 11 === 0;
    for (const action of ACTIONS) {
      if (!ending && (action === 'withdraw' || action === 'refuse')) continue;
      const who = OFFICIALS.map((name) => ({ ...officials[name], ...(officials[name].department ? { department } : {}) })).find(
        (actor) => expected(d, action, actor) === 'ok',
      );
      if (!who) continue;
      options.push(() => {
        const decision = decide(d, commandFor(action, d), who, ctxAt(now));
        return decision.ok ? decision.dossier : undefined;
      });
    }
    const next = options.length ? options[pick % options.length]!() : undefined;
    if (!next) continue;
    d = next;
    changes.push({ dossier: d });
  }
  if (d.status === 'RETURNED' && spec.rating > 0) {
    d = { ...d, rating: { score: spec.rating, at: toVietnamIso(now + MINUTE) } };
    changes.push({ dossier: d });
  }
  return { final: d, ...(sync ? { sync } : {}), changes };
}

const lifecycleArb = fc.record({
  startDay: fc.nat(80),
  channel: fc.constantFrom<Channel>('ONLINE', 'IN_PERSON', 'POSTAL'),
  department: fc.nat(3),
  rule: fc.constantFrom<'PAUSE' | 'RESET'>('PAUSE', 'RESET'),
  picks: fc.array(fc.nat(), { minLength: 0, maxLength: 25 }),
  rating: fc.nat(5),
});

/** What the stream consumer does with each record: the newer part counted, the delta added to the day's counters. */
function consume(records: Change[]): Map<string, Counted> {
  const counted = new Map<string, Counted>();
  for (const record of records) {
    const id = 'dossier' in record ? record.dossier.id : record.dossierId;
    const part = 'dossier' in record ? { dossier: dossierPartOf(record.dossier) } : { sync: syncPartOf(record.sync) };
    const outcome = countPart(counted.get(id), part);
    if (outcome) counted.set(id, outcome.next);
  }
  return counted;
}

/** A stream of the changes of many dossiers, each dossier's in order, interleaved by `order`. */
function interleave(lifecycles: Lifecycle[], order: number[]): Change[] {
  const queues = lifecycles.map((l) => [...l.changes]);
  const out: Change[] = [];
  let i = 0;
  while (queues.some((q) => q.length)) {
    const live = queues.filter((q) => q.length);
    out.push(live[(order[i++ % Math.max(order.length, 1)] ?? 0) % live.length]!.shift()!);
  }
  return out;
}

type Fault = 'redelivered' | 'reordered' | 'duplicated';

/** The stream with one batch delivered again, shuffled, or with some of its records twice. */
function withFault(stream: Change[], fault: Fault, batch: { start: number; size: number; seed: number }): Change[] {
  const start = batch.start % Math.max(stream.length, 1);
  const slice = stream.slice(start, start + batch.size);
  switch (fault) {
    case 'redelivered':
      return [...stream.slice(0, start + slice.length), ...slice, ...stream.slice(start + slice.length)];
    case 'reordered': {
      const shuffled = [...slice].sort((a, b) => ((stream.indexOf(a) * 7919 + batch.seed) % 101) - ((stream.indexOf(b) * 7919 + batch.seed) % 101));
      return [...stream.slice(0, start), ...shuffled.reverse(), ...stream.slice(start + slice.length)];
    }
    case 'duplicated':
      return [...stream.slice(0, start), ...slice.flatMap((r, i) => (i % 2 === 0 ? [r, r] : [r])), ...stream.slice(start + slice.length)];
  }
}

describe('aggregates kept from the stream (fast-check)', () => {
  it('under a redelivered, a reordered and a duplicated batch equal the statistics and the service index of the dossiers themselves', () => {
    fc.assert(
      fc.property(
        fc.array(lifecycleArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.constantFrom<Fault>('redelivered', 'reordered', 'duplicated'),
        fc.record({ start: fc.nat(), size: fc.integer({ min: 1, max: 30 }), seed: fc.nat() }),
        fc.record({ from: fc.nat(120), length: fc.nat(90) }),
        (specs, order, fault, batch, period) => {
          const lifecycles = specs.map((spec, i) => lifecycle(`d${i}`, spec));
          const stream = withFault(interleave(lifecycles, order), fault, batch);
          const counted = consume(stream);
          const from = addDays(localDate(START), period.from - 10);
          const to = addDays(from, period.length);
          const commune = lifecycles[0]!.final.commune;
          const aggregates = [
            aggregatesOf(
              commune,
              [...counted.values()].map((c) => c.contribution),
              { from, to },
            ),
          ];

          const rows = lifecycles.map((l) => ({ ...l.final, procedureRef: { code: l.final.procedure.code, name: l.final.procedure.name } }));
          const procedures = Object.fromEntries(rows.map((r) => [r.procedure.code, r.procedure.name]));
          for (const groupBy of GROUPINGS) {
            expect(statisticsOfAggregates(aggregates, from, to, groupBy, { procedures })).toEqual(withoutEmptyLines(statistics(rows, from, to, groupBy)));
          }
          const indexRows = lifecycles.map((l) => ({ ...l.final, nationalSync: nationalSyncOf(l.final, l.sync).status }));
          expect(serviceIndexOfAggregates(aggregates, from, to, { byCommune: true, communes: [{ code: commune }] })).toEqual(
            serviceIndex(indexRows, from, to, { byCommune: true, communes: [{ code: commune }] }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('count a version once: the same record twice, or an older one after it, changes nothing', () => {
    const l = lifecycle('d1', {
      startDay: 3,
      channel: 'ONLINE',
      department: 0,
      rule: 'PAUSE',
      picks: Array.from({ length: 25 }, (_, i) => i * 7 + 1),
      rating: 4,
    });
    const last = l.changes.filter((c): c is { dossier: Dossier } => 'dossier' in c).at(-1)!;
    const once = consume([last]).get('d1')!;
    expect(countPart(once, { dossier: dossierPartOf(last.dossier) })).toBeUndefined();
    const first = l.changes[0] as { dossier: Dossier };
    expect(countPart(once, { dossier: dossierPartOf(first.dossier) })).toBeUndefined();
  });
});
