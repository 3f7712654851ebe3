/**
 * Daily aggregates: what the statistics and the service index of any period are read from, so
 * their cost grows with the days and procedures of the period, never with the dossiers.
 *
 * A dossier (with its national synchronisation) contributes counters to the days its facts fall
 * on, per commune, day and procedure: received by channel, closed by outcome, supplement
 * requests, ratings and so on. Its contribution is a function of its latest state only, so the
 * stream consumer keeps, per dossier, the contribution it counted and adds the difference when a
 * newer state arrives: whatever the order or number of deliveries, the aggregates are the sum of
 * every dossier's contribution of its latest state.
 *
 * What is open at a boundary of the period (carried over at its start; in progress, overdue or
 * awaiting a supplement at its end) is a count of dossiers whose days straddle the boundary. Each
 * such count is written as a difference of two counters that are summed over the days before the
 * boundary (e.g. open at E = accepted before E − closed before E), and a sum over the days before
 * E is the commune's running total less everything counted from E on.
 *
 * Everything counted from a day on is read from rollups: each count goes to its day, its month,
 * its year and the totals, so a sum from a day on is the years after it, the months after it in
 * its year and the days after it in its month — or, whichever is fewer items, the enclosing
 * month or year less the days or months before. Any period, up to ten years, reads at most
 * about fifty items per commune, whatever the number of dossiers.
 */
import type { Channel, Department, Dossier, Status, Timeliness } from './model.js';
import { holdsCurrentState, type NationalSyncState } from './national-portal.js';
import { nationalStatus } from './national-status.js';
import type { Grouping, Statistics, StatisticsLine } from './statistics.js';
import { emptyLine, finishLine } from './statistics.js';
import type { Indicators, ServiceIndex } from './service-index.js';
import { ratio } from './service-index.js';
import { addDays, localDate, parseInstant } from './time.js';

/** The counters of one commune, day and procedure; their names are short because every stored byte is paid for. */
export const COUNTERS = {
  /** Received (accepted) by channel. */
  receivedOnline: 'rO',
  receivedInPerson: 'rI',
  receivedPostal: 'rP',
  /** Closed with a result returned or ready, by timeliness (the statistics' completed). */
  completedEarly: 'cE',
  completedOnTime: 'cT',
  completedLate: 'cL',
  refused: 'rf',
  withdrawn: 'wd',
  /** Supplement requests made that day. */
  supplementRequests: 'sr',
  /** Received that day with a scanned document or an electronic result. */
  digitised: 'dg',
  /** Received that day and held by the national portal in its current state. */
  synced: 'sy',
  /** Received that day with something to pay (a payment asked for and not waived), and of those paid online. */
  toPay: 'tp',
  paidOnline: 'po',
  /** Result reached the desk that day (the service index's completed), and of those early or on time. */
  resultReady: 'kc',
  resultReadyInTime: 'ko',
  /** Ratings of the dossiers whose result reached the desk that day. */
  ratingSum: 'rs',
  ratingCount: 'rc',
  /** Accepted, then closed that day: with the received, what is open at a boundary. */
  closedAccepted: 'xa',
  /** Accepted that day and not awaiting a supplement now. */
  notAwaiting: 'na',
  /** The day such a dossier stops counting as in progress on track: the earlier of its due and closed days (not before its acceptance). */
  notAwaitingLeaves: 'nl',
  /** Accepted that day and awaiting a supplement now. */
  awaiting: 'aw',
} as const;

export type CounterName = keyof typeof COUNTERS;
type Code = (typeof COUNTERS)[CounterName];

/** What the aggregates count of a dossier; the same whether read from a dossier, a stream image or a report row. */
export interface DossierFacts {
  commune: string;
  department: Department;
  procedure: string;
  channel: Channel;
  status: Status;
  acceptedAt?: string;
  closedAt?: string;
  completedAt?: string;
  timeliness?: Timeliness;
  dueAt?: string;
  /** A scanned document or an electronic result. */
  digitised: boolean;
  /** The national portal holds its current state. */
  synced: boolean;
  /** A payment asked for and not waived; and paid online. */
  toPay: boolean;
  paidOnline: boolean;
  rating?: number;
  /** When each supplement request was made. */
  supplementRequests: string[];
}

/** The key of the running totals of a commune: sorts after every day. */
export const TOTAL = 'TOTAL';
const SEP = '|';

/** Departments by one letter in a counter's name. */
const DEPARTMENT_LETTER: Record<Department, string> = { OFFICE: 'O', ECONOMICS: 'E', CULTURE_SOCIETY: 'C' };
const LETTER_DEPARTMENT = Object.fromEntries(Object.entries(DEPARTMENT_LETTER).map(([d, l]) => [l, d])) as Record<string, Department>;
const CHANNEL_COUNTER: Record<Channel, Code> = { ONLINE: 'rO', IN_PERSON: 'rI', POSTAL: 'rP' };
const COMPLETED_COUNTER: Record<Timeliness, Code> = { EARLY: 'cE', ON_TIME: 'cT', LATE: 'cL' };

/** A counter's name in a day's aggregate: the procedure, its department and the counter. */
export const counterName = (procedure: string, department: Department, code: Code): string => `${procedure}${SEP}${DEPARTMENT_LETTER[department]}${SEP}${code}`;

function parseCounterName(name: string): { procedure: string; department: Department; code: Code } | undefined {
  const [procedure, letter, code] = name.split(SEP);
  const department = letter === undefined ? undefined : LETTER_DEPARTMENT[letter];
  return procedure && department && code ? { procedure, department, code: code as Code } : undefined;
}

/**
 * A dossier's contribution: `day|counter name` → count, each day a local date. Every counter is
 * also added to the commune's running totals when the contribution is stored.
 */
export type Contribution = Record<string, number>;

const dayOf = (t: string) => localDate(parseInstant(t));

export function contributionOf(f: DossierFacts): Contribution {
  const out: Contribution = {};
  const add = (day: string, code: Code, n = 1) => {
    const key = `${day}${SEP}${counterName(f.procedure, f.department, code)}`;
    out[key] = (out[key] ?? 0) + n;
  };
  const accepted = f.acceptedAt && dayOf(f.acceptedAt);
  const closed = f.closedAt && dayOf(f.closedAt);
  for (const at of f.supplementRequests) add(dayOf(at), 'sr');
  if (closed && f.completedAt && f.timeliness) add(closed, COMPLETED_COUNTER[f.timeliness]);
  if (closed && f.status === 'REFUSED') add(closed, 'rf');
  if (closed && f.status === 'WITHDRAWN') add(closed, 'wd');
  if (f.completedAt) {
    const ready = dayOf(f.completedAt);
    add(ready, 'kc');
    if (f.timeliness === 'EARLY' || f.timeliness === 'ON_TIME') add(ready, 'ko');
    if (f.rating !== undefined) {
      add(ready, 'rs', f.rating);
      add(ready, 'rc');
    }
  }
  if (!accepted) return out;
  add(accepted, CHANNEL_COUNTER[f.channel]);
  if (f.digitised) add(accepted, 'dg');
  if (f.synced) add(accepted, 'sy');
  if (f.toPay) add(accepted, 'tp');
  if (f.paidOnline) add(accepted, 'po');
  if (closed) add(closed, 'xa');
  if (!closed && f.status === 'SUPPLEMENT_REQUESTED') {
    add(accepted, 'aw');
    return out;
  }
  add(accepted, 'na');
  const leaves = [f.dueAt && dayOf(f.dueAt), closed].filter((d): d is string => Boolean(d)).sort()[0];
  if (leaves) add(leaves < accepted ? accepted : leaves, 'nl');
  return out;
}

/** What must be added to the aggregates to go from one contribution to another (zero entries left out). */
export function contributionDelta(before: Contribution, after: Contribution): Contribution {
  const delta: Contribution = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const n = (after[key] ?? 0) - (before[key] ?? 0);
    if (n !== 0) delta[key] = n;
  }
  return delta;
}

/** The key of a month's rollup (`yyyy-MM`) and of a year's (`yyyy`), in the partition of the commune's days. */
export const monthKey = (month: string): string => `M#${month}`;
export const yearKey = (year: string): string => `Y#${year}`;

/** A delta by the aggregate it goes to (its days, their months and years, and the totals): counter name → count. */
export function deltaByDay(delta: Contribution): Map<string, Record<string, number>> {
  const days = new Map<string, Record<string, number>>();
  const add = (day: string, name: string, n: number) => {
    const counters = days.get(day) ?? {};
    counters[name] = (counters[name] ?? 0) + n;
    days.set(day, counters);
  };
  for (const [key, n] of Object.entries(delta)) {
    const at = key.indexOf(SEP);
    const day = key.slice(0, at);
    const name = key.slice(at + 1);
    for (const aggregate of [day, monthKey(day.slice(0, 7)), yearKey(day.slice(0, 4)), TOTAL]) add(aggregate, name, n);
  }
  return days;
}

/**
 * A commune's stored aggregates a period needs (`periodKeys`), by key: days (`yyyy-MM-dd`),
 * month and year rollups (`monthKey`, `yearKey`) and the totals (`TOTAL`); a key not there
 * counted nothing.
 */
export interface CommuneAggregates {
  commune: string;
  items: Map<string, Record<string, number>>;
}

/** The items that add up to everything counted from a day on, each added or taken away; and the first year whose rollup and those after it add. */
interface Suffix {
  terms: { key: string; sign: 1 | -1 }[];
  yearsFrom: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function suffixOf(day: string): Suffix {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const monthDays = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const terms: Suffix['terms'] = [];
  const ym = (m: number) => `${year}-${pad2(m)}`;
  // The days of its month from it on, or its month less the days before it.
  const daysBack = date - 1 < monthDays - date + 1;
  if (daysBack) for (let d = 1; d < date; d++) terms.push({ key: `${ym(month)}-${pad2(d)}`, sign: -1 });
  else for (let d = date; d <= monthDays; d++) terms.push({ key: `${ym(month)}-${pad2(d)}`, sign: 1 });
  // Then the months of its year from `firstMonth` on, or its year less the months before.
  const firstMonth = daysBack ? month : month + 1;
  const monthsBack = firstMonth - 1 < 13 - firstMonth;
  if (monthsBack) for (let m = 1; m < firstMonth; m++) terms.push({ key: monthKey(ym(m)), sign: -1 });
  else for (let m = firstMonth; m <= 12; m++) terms.push({ key: monthKey(ym(m)), sign: 1 });
  return { terms, yearsFrom: String(monthsBack ? year : year + 1) };
}

/** What a period's statistics read of a commune: these items by key, and the year rollups from `yearsFrom` on. */
export function periodKeys(from: string, to: string): { keys: string[]; yearsFrom: string } {
  const suffixes = [suffixOf(from), suffixOf(addDays(to, 1))];
  return {
    keys: [...new Set([...suffixes.flatMap((s) => s.terms.map((t) => t.key)), TOTAL])],
    yearsFrom: suffixes.map((s) => s.yearsFrom).sort()[0]!,
  };
}

/** Everything a commune counted from a day on, by counter name: the items `periodKeys` names for the day, added up. */
export function countedFrom(items: CommuneAggregates['items'], day: string): Record<string, number> {
  const { terms, yearsFrom } = suffixOf(day);
  const sum: Record<string, number> = {};
  const add = (counters: Record<string, number> | undefined, sign: number) => {
    for (const [name, n] of Object.entries(counters ?? {})) sum[name] = (sum[name] ?? 0) + sign * n;
  };
  for (const { key, sign } of terms) add(items.get(key), sign);
  for (const [key, counters] of items) if (key.startsWith('Y#') && key >= yearKey(yearsFrom)) add(counters, 1);
  return sum;
}

/** Counter values of one commune and procedure over the days of the period, and before its start and end. */
interface Sums {
  period: Partial<Record<Code, number>>;
  beforeStart: Partial<Record<Code, number>>;
  beforeEnd: Partial<Record<Code, number>>;
}

interface ProcedureSums extends Sums {
  commune: string;
  procedure: string;
  department: Department;
}

/** Sums per commune and procedure for the period [from, to]: before a day = the totals less what was counted from it on. */
function sumsOf(aggregates: CommuneAggregates[], from: string, to: string): ProcedureSums[] {
  const all = new Map<string, ProcedureSums>();
  for (const { commune, items } of aggregates) {
    const sumsFor = (name: string) => {
      const parsed = parseCounterName(name);
      if (!parsed) return undefined;
      const key = `${commune}${SEP}${parsed.procedure}${SEP}${parsed.department}`;
      const sums = all.get(key) ?? { commune, procedure: parsed.procedure, department: parsed.department, period: {}, beforeStart: {}, beforeEnd: {} };
      all.set(key, sums);
      return { sums, code: parsed.code };
    };
    const bump = (bucket: keyof Sums, name: string, n: number) => {
      const found = sumsFor(name);
      if (found) found.sums[bucket][found.code] = (found.sums[bucket][found.code] ?? 0) + n;
    };
    const fromStart = countedFrom(items, from);
    const afterEnd = countedFrom(items, addDays(to, 1));
    for (const [name, n] of Object.entries(items.get(TOTAL) ?? {})) {
      bump('beforeStart', name, n);
      bump('beforeEnd', name, n);
    }
    for (const [name, n] of Object.entries(fromStart)) {
      bump('beforeStart', name, -n);
      bump('period', name, n);
    }
    for (const [name, n] of Object.entries(afterEnd)) {
      bump('beforeEnd', name, -n);
      bump('period', name, -n);
    }
  }
  return [...all.values()];
}

const value = (bucket: Partial<Record<Code, number>>, ...codes: Code[]) => codes.reduce((sum, c) => sum + (bucket[c] ?? 0), 0);

function addSums(line: StatisticsLine, s: Sums): void {
  const received = (b: Partial<Record<Code, number>>) => value(b, 'rO', 'rI', 'rP');
  line.carriedOver += received(s.beforeStart) - value(s.beforeStart, 'xa');
  line.received.online += value(s.period, 'rO');
  line.received.inPerson += value(s.period, 'rI');
  line.received.postal += value(s.period, 'rP');
  line.received.total += received(s.period);
  line.completed.early += value(s.period, 'cE');
  line.completed.onTime += value(s.period, 'cT');
  line.completed.late += value(s.period, 'cL');
  line.completed.total += value(s.period, 'cE', 'cT', 'cL');
  const openAtEnd = received(s.beforeEnd) - value(s.beforeEnd, 'xa');
  const awaiting = value(s.beforeEnd, 'aw');
  const onTrack = value(s.beforeEnd, 'na') - value(s.beforeEnd, 'nl');
  line.inProgress.total += openAtEnd - awaiting;
  line.inProgress.onTrack += onTrack;
  line.inProgress.overdue += openAtEnd - awaiting - onTrack;
  line.awaitingSupplement += awaiting;
  line.refused += value(s.period, 'rf');
  line.withdrawn += value(s.period, 'wd');
}

const isEmpty = (line: StatisticsLine) =>
  line.carriedOver + line.received.total + line.completed.total + line.inProgress.total + line.awaitingSupplement + line.refused + line.withdrawn === 0;

/**
 * The statistics of [from, to] (local dates, both included) from the communes' aggregates: the
 * same lines `statistics` makes of the dossiers themselves (a group with nothing to count has no line).
 */
export function statisticsOfAggregates(
  aggregates: CommuneAggregates[],
  from: string,
  to: string,
  groupBy: Grouping,
  names: { groups?: Record<string, string>; procedures?: Record<string, string> } = {},
): Statistics {
  const lines = new Map<string, StatisticsLine>();
  const total = emptyLine('TOTAL');
  for (const sums of sumsOf(aggregates, from, to)) {
    const key = groupBy === 'commune' ? sums.commune : groupBy === 'department' ? sums.department : sums.procedure;
    const name = groupBy === 'procedure' ? (names.procedures?.[key] ?? key) : names.groups?.[key];
    const line = lines.get(key) ?? emptyLine(key, name);
    lines.set(key, line);
    addSums(line, sums);
    addSums(total, sums);
  }
  return {
    from,
    to,
    groupBy,
    lines: [...lines.values()]
      .filter((l) => !isEmpty(l))
      .sort((a, b) => a.group.localeCompare(b.group))
      .map(finishLine),
    total: finishLine(total),
  };
}

function indicatorsOf(sums: Sums[]): Indicators {
  const p = (...codes: Code[]) => sums.reduce((sum, s) => sum + value(s.period, ...codes), 0);
  const received = p('rO', 'rI', 'rP');
  return {
    onTime: ratio(p('ko'), p('kc')),
    online: ratio(p('rO'), received),
    onlinePayment: ratio(p('po'), p('tp')),
    digitisation: ratio(p('dg'), received),
    nationalSync: ratio(p('sy'), received),
    satisfaction: ratio(p('rs'), p('rc')),
  };
}

/** The service index of [from, to] from the communes' aggregates, per commune of `communes` when asked. */
export function serviceIndexOfAggregates(
  aggregates: CommuneAggregates[],
  from: string,
  to: string,
  options: { byCommune?: boolean; communes?: { code: string; name?: string }[] } = {},
): ServiceIndex {
  const sums = sumsOf(aggregates, from, to);
  return {
    from,
    to,
    indicators: indicatorsOf(sums),
    ...(options.byCommune
      ? {
          communes: (options.communes ?? aggregates.map((a) => ({ code: a.commune })))
            .map(({ code, name }: { code: string; name?: string }) => ({
              commune: code,
              ...(name ? { name } : {}),
              indicators: indicatorsOf(sums.filter((s) => s.commune === code)),
            }))
            .sort((a, b) => a.commune.localeCompare(b.commune)),
        }
      : {}),
  };
}

/**
 * Adds contributions up as the stored aggregates would hold them (what a store without the
 * table answers): every item, or only those a period reads (`periodKeys`).
 */
export function aggregatesOf(commune: string, contributions: Contribution[], period?: { from: string; to: string }): CommuneAggregates {
  const items = new Map<string, Record<string, number>>();
  for (const contribution of contributions) {
    for (const [key, counters] of deltaByDay(contribution)) {
      const target = items.get(key) ?? {};
      items.set(key, target);
      for (const [name, n] of Object.entries(counters)) target[name] = (target[name] ?? 0) + n;
    }
  }
  if (!period) return { commune, items };
  const { keys, yearsFrom } = periodKeys(period.from, period.to);
  const read = (key: string) => keys.includes(key) || (key.startsWith('Y#') && key >= yearKey(yearsFrom));
  return { commune, items: new Map([...items].filter(([key]) => read(key))) };
}

/** What the aggregates keep of a dossier's own state, and which state it is: a version, then a rating written beside it. */
export interface DossierPart {
  version: number;
  rated: boolean;
  facts: Omit<DossierFacts, 'synced'>;
  national: { nationalStatus: number; stepsCompleted: number };
}

/**
 * What they keep of its national synchronisation, ordered by the version it holds, then the
 * version it failed on, then the time of its last outcome (a clock may give two the same time).
 */
export interface SyncPart {
  version: number;
  failedVersion: number;
  at: string;
  sentStatus?: number;
  stepsSent: number;
  syncedAt?: string;
}

/** What has been counted of a dossier: the latest of each part seen, and the contribution they made. */
export interface Counted {
  dossier?: DossierPart;
  sync?: SyncPart;
  contribution: Contribution;
}

/** Whether a dossier has something to pay: a payment asked for and not waived (the service index's online-payment share counts among these). */
const toPay = (payment: Dossier['payment']): boolean => Boolean(payment && payment.status !== 'WAIVED');

/** The dossier's part of its facts, from the dossier (or a stream image of it). */
export function dossierPartOf(
  d: Pick<
    Dossier,
    | 'commune'
    | 'department'
    | 'channel'
    | 'status'
    | 'step'
    | 'acceptedAt'
    | 'closedAt'
    | 'completedAt'
    | 'timeliness'
    | 'dueAt'
    | 'digitisation'
    | 'result'
    | 'rating'
    | 'history'
    | 'steps'
    | 'version'
    | 'payment'
  > & { procedure: { code: string } },
): DossierPart {
  return {
    version: d.version,
    rated: Boolean(d.rating),
    facts: {
      commune: d.commune,
      department: d.department,
      procedure: d.procedure.code,
      channel: d.channel,
      status: d.status,
      ...(d.acceptedAt ? { acceptedAt: d.acceptedAt } : {}),
      ...(d.closedAt ? { closedAt: d.closedAt } : {}),
      ...(d.completedAt ? { completedAt: d.completedAt } : {}),
      ...(d.timeliness ? { timeliness: d.timeliness } : {}),
      ...(d.dueAt ? { dueAt: d.dueAt } : {}),
      digitised: Boolean(d.digitisation || d.result?.electronic),
      toPay: toPay(d.payment),
      paidOnline: toPay(d.payment) && d.payment?.method === 'ONLINE',
      ...(d.rating ? { rating: d.rating.score } : {}),
      supplementRequests: d.history.filter((h) => h.action === 'request-supplement').map((h) => h.at),
    },
    national: { nationalStatus: nationalStatus(d.status, d.step), stepsCompleted: d.steps.filter((s) => s.completedAt).length },
  };
}

export function syncPartOf(state: NationalSyncState): SyncPart {
  return {
    version: state.version,
    failedVersion: state.failure?.version ?? 0,
    at: [state.syncedAt ?? '', state.failure?.at ?? ''].sort().at(-1)!,
    ...(state.sentStatus !== undefined ? { sentStatus: state.sentStatus } : {}),
    stepsSent: state.stepsSent,
    ...(state.syncedAt ? { syncedAt: state.syncedAt } : {}),
  };
}

/** Whether a part is newer than the one counted: an older or the same one (redelivered, reordered, duplicated) changes nothing. */
export function isNewer(part: DossierPart | SyncPart, counted: DossierPart | SyncPart | undefined): boolean {
  if (!counted) return true;
  if (part.version !== counted.version) return part.version > counted.version;
  if ('rated' in part && 'rated' in counted) return part.rated && !counted.rated;
  if ('failedVersion' in part && 'failedVersion' in counted) {
    return part.failedVersion > counted.failedVersion || (part.failedVersion === counted.failedVersion && part.at > counted.at);
  }
  return false;
}

/**
 * What is counted once a newer part arrives, and the delta to add to the aggregates; undefined
 * when the part is not newer than what was counted.
 */
export function countPart(
  counted: Counted | undefined,
  part: { dossier: DossierPart } | { sync: SyncPart },
): { next: Counted; delta: Contribution } | undefined {
  const previous = counted ?? { contribution: {} };
  const newer = 'dossier' in part ? isNewer(part.dossier, previous.dossier) : isNewer(part.sync, previous.sync);
  if (!newer) return undefined;
  const merged = { ...previous, ...part };
  const contribution = merged.dossier ? contributionOf({ ...merged.dossier.facts, synced: holdsCurrentState(merged.dossier.national, merged.sync) }) : {};
  return {
    next: { ...(merged.dossier ? { dossier: merged.dossier } : {}), ...(merged.sync ? { sync: merged.sync } : {}), contribution },
    delta: contributionDelta(previous.contribution, contribution),
  };
}
