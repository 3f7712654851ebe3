import { csvDocument } from './csv.js';
import type { Channel, Department, Status, Timeliness } from './model.js';
import { atLocal, addDays, parseInstant } from './time.js';

/** What statistics need of a dossier; gathered from the open, accepted and closed indexes. */
export interface StatisticsRow {
  id: string;
  commune: string;
  department: Department;
  procedureRef: { code: string; name: string };
  channel: Channel;
  status?: Status;
  acceptedAt?: string;
  closedAt?: string;
  completedAt?: string;
  timeliness?: Timeliness;
  dueAt?: string;
  pausedAt?: string;
}

export const GROUPINGS = ['commune', 'department', 'procedure'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** One line of the periodic report (Circular 01/2020/TT-VPCP): counts of a commune, department or procedure. */
export interface StatisticsLine {
  group: string;
  name?: string;
  carriedOver: number;
  received: { online: number; inPerson: number; postal: number; total: number };
  completed: { early: number; onTime: number; late: number; total: number };
  inProgress: { onTrack: number; overdue: number; total: number };
  awaitingSupplement: number;
  refused: number;
  withdrawn: number;
  /** (early + on time) ÷ completed; null when nothing was completed. */
  onTimeRate: number | null;
}

export interface Statistics {
  from: string;
  to: string;
  groupBy: Grouping;
  lines: StatisticsLine[];
  total: StatisticsLine;
}

export const emptyLine = (group: string, name?: string): StatisticsLine => ({
  group,
  ...(name ? { name } : {}),
  carriedOver: 0,
  received: { online: 0, inPerson: 0, postal: 0, total: 0 },
  completed: { early: 0, onTime: 0, late: 0, total: 0 },
  inProgress: { onTrack: 0, overdue: 0, total: 0 },
  awaitingSupplement: 0,
  refused: 0,
  withdrawn: 0,
  onTimeRate: null,
});

const CHANNEL_FIELD = { ONLINE: 'online', IN_PERSON: 'inPerson', POSTAL: 'postal' } as const;
const TIMELINESS_FIELD = { EARLY: 'early', ON_TIME: 'onTime', LATE: 'late' } as const;

function add(line: StatisticsLine, row: StatisticsRow, start: number, end: number): void {
  const at = (t?: string) => (t === undefined ? undefined : parseInstant(t));
  const accepted = at(row.acceptedAt);
  const closed = at(row.closedAt);
  const closedIn = closed !== undefined && closed >= start && closed < end;
  if (accepted !== undefined && accepted < start && (closed === undefined || closed >= start)) line.carriedOver++;
  if (accepted !== undefined && accepted >= start && accepted < end) {
    line.received[CHANNEL_FIELD[row.channel]]++;
    line.received.total++;
  }
  if (closedIn && row.completedAt && row.timeliness) {
    line.completed[TIMELINESS_FIELD[row.timeliness]]++;
    line.completed.total++;
  }
  if (closedIn && row.status === 'REFUSED') line.refused++;
  if (closedIn && row.status === 'WITHDRAWN') line.withdrawn++;
  const openAtEnd = accepted !== undefined && accepted < end && (closed === undefined || closed >= end);
  if (!openAtEnd) return;
  if (closed === undefined && row.status === 'SUPPLEMENT_REQUESTED') {
    line.awaitingSupplement++;
    return;
  }
  line.inProgress.total++;
  const due = at(row.dueAt);
  if (due !== undefined && due < Math.min(end, closed ?? end)) line.inProgress.overdue++;
  else line.inProgress.onTrack++;
}

export function finishLine(line: StatisticsLine): StatisticsLine {
  const { early, onTime, total } = line.completed;
  return { ...line, onTimeRate: total === 0 ? null : Math.round(((early + onTime) / total) * 10_000) / 10_000 };
}

/**
 * Statistics of a period of local dates [from, to], both included. A dossier is carried over
 * when accepted before the period and still open at its start; in progress when still open at
 * its end. Rows may repeat (one dossier found by several indexes): each id counts once.
 */
export function statistics(rows: StatisticsRow[], from: string, to: string, groupBy: Grouping, names: Record<string, string> = {}): Statistics {
  const start = atLocal(from, 0);
  const end = atLocal(addDays(to, 1), 0);
  const unique = new Map<string, StatisticsRow>();
  for (const row of rows) unique.set(row.id, { ...unique.get(row.id), ...row });
  const lines = new Map<string, StatisticsLine>();
  const total = emptyLine('TOTAL');
  for (const row of unique.values()) {
    const key = groupBy === 'commune' ? row.commune : groupBy === 'department' ? row.department : row.procedureRef.code;
    const name = groupBy === 'procedure' ? row.procedureRef.name : names[key];
    const line = lines.get(key) ?? emptyLine(key, name);
    lines.set(key, line);
    add(line, row, start, end);
    add(total, row, start, end);
  }
  return {
    from,
    to,
    groupBy,
    lines: [...lines.values()].sort((a, b) => a.group.localeCompare(b.group)).map(finishLine),
    total: finishLine(total),
  };
}

const CSV_COLUMNS: [string, (l: StatisticsLine) => string | number | null][] = [
  ['Nhóm (group)', (l) => l.group],
  ['Tên (name)', (l) => l.name ?? ''],
  ['Kỳ trước chuyển sang (carried over)', (l) => l.carriedOver],
  ['Tiếp nhận trực tuyến (received online)', (l) => l.received.online],
  ['Tiếp nhận trực tiếp (received in person)', (l) => l.received.inPerson],
  ['Tiếp nhận bưu chính (received by post)', (l) => l.received.postal],
  ['Tổng tiếp nhận (received)', (l) => l.received.total],
  ['Đã giải quyết trước hạn (early)', (l) => l.completed.early],
  ['Đã giải quyết đúng hạn (on time)', (l) => l.completed.onTime],
  ['Đã giải quyết quá hạn (late)', (l) => l.completed.late],
  ['Đang giải quyết trong hạn (in progress, on track)', (l) => l.inProgress.onTrack],
  ['Đang giải quyết quá hạn (in progress, overdue)', (l) => l.inProgress.overdue],
  ['Chờ bổ sung (awaiting supplement)', (l) => l.awaitingSupplement],
  ['Từ chối (refused)', (l) => l.refused],
  ['Rút hồ sơ (withdrawn)', (l) => l.withdrawn],
  ['Tỷ lệ đúng hạn (on-time rate)', (l) => l.onTimeRate],
];

/** The statistics as a CSV download, one line per group and the total last. */
export function statisticsCsv(stats: Statistics): string {
  return csvDocument(
    CSV_COLUMNS.map(([title]) => title),
    [...stats.lines, stats.total].map((line) => CSV_COLUMNS.map(([, value]) => value(line))),
  );
}
