import { addDays, atLocal, isoWeekday, localDate, minuteOfDay, type Instant, MINUTE_MS } from './time.js';

/** Office hours of a province: sessions of a working day ('HH:MM', local) and the working weekdays. */
export interface OfficeHours {
  sessions: { start: string; end: string }[];
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  sessions: [
    { start: '07:00', end: '11:30' },
    { start: '13:30', end: '17:00' },
  ],
  weekdays: [1, 2, 3, 4, 5],
};

/** One year's announced days off and make-up working days (e.g. a worked Saturday). */
export interface YearCalendar {
  year: number;
  daysOff: string[];
  workingDays: string[];
  /** Where the days come from: an official notice, or the Labour Code rules. */
  source: string;
}

export interface WorkingCalendar {
  readonly minutesPerDay: number;
  isWorkingDay(date: string): boolean;
  /** The first instant at or after `at` that is inside a session of a working day. */
  nextOpening(at: Instant): Instant;
  /**
   * `from` plus `minutes` of working time. A budget that runs out exactly at the close of a
   * session is due at that close, not at the next opening.
   */
  addWorkingMinutes(from: Instant, minutes: number): Instant;
  /** Working minutes in [from, to); 0 when to ≤ from. */
  workingMinutesBetween(from: Instant, to: Instant): number;
  /** The close of the last session of a local date. */
  closeOfDay(date: string): Instant;
  nextWorkingDay(date: string): string;
}

interface Session {
  start: number;
  end: number;
}

const MAX_DAYS_SCANNED = 3 * 366;

/**
 * The working calendar (lịch làm việc) of a province: office hours, weekends, days off and make-up
 * working days. Years without data are asked of `yearFor`; without one, such a year has weekends
 * only — provinces therefore store their years ahead (notices, or generated from the Labour Code).
 */
export function workingCalendar(
  hours: OfficeHours,
  years: YearCalendar[],
  yearFor: (year: number) => YearCalendar | undefined = () => undefined,
): WorkingCalendar {
  const sessions: Session[] = hours.sessions.map((s) => ({ start: minuteOfDay(s.start), end: minuteOfDay(s.end) })).sort((a, b) => a.start - b.start);
  if (sessions.length === 0 || sessions.some((s) => s.end <= s.start)) {
    throw new Error('office hours need at least one session that ends after it starts');
  }
  const minutesPerDay = sessions.reduce((sum, s) => sum + s.end - s.start, 0);
  const byYear = new Map<number, { off: Set<string>; on: Set<string> }>();
  const yearData = (year: number) => {
    let data = byYear.get(year);
    if (!data) {
      const found = years.find((y) => y.year === year) ?? yearFor(year);
      data = { off: new Set(found?.daysOff ?? []), on: new Set(found?.workingDays ?? []) };
      byYear.set(year, data);
    }
    return data;
  };

  const isWorkingDay = (date: string): boolean => {
    const data = yearData(Number(date.slice(0, 4)));
    if (data.on.has(date)) return true;
    if (data.off.has(date)) return false;
    return hours.weekdays.includes(isoWeekday(date));
  };

  /** Walks working sessions from `at`, calling `visit` with each open interval until it says stop. */
  const walk = (at: Instant, visit: (start: Instant, end: Instant) => boolean): void => {
    let date = localDate(at);
    // The bound is on days off in a row, not on the length of the walk: years of working time still add up.
    for (let idle = 0; idle < MAX_DAYS_SCANNED; date = addDays(date, 1)) {
      if (!isWorkingDay(date)) {
        idle++;
        continue;
      }
      idle = 0;
      for (const s of sessions) {
        const end = atLocal(date, s.end);
        if (end <= at) continue;
        const start = Math.max(at, atLocal(date, s.start));
        if (visit(start, end)) return;
      }
    }
    throw new Error(`no working day in the ${MAX_DAYS_SCANNED} days up to ${date}, walking from ${new Date(at).toISOString()}`);
  };

  const nextOpening = (at: Instant): Instant => {
    let opening = at;
    walk(at, (start) => ((opening = start), true));
    return opening;
  };

  const addWorkingMinutes = (from: Instant, minutes: number): Instant => {
    if (minutes <= 0) return nextOpening(from);
    // Instants are whole milliseconds: rounding keeps a fractional-minute budget (e.g. one counted by
    // workingMinutesBetween from an instant with milliseconds) from spilling past a session close.
    let remaining = Math.round(minutes * MINUTE_MS);
    let due = from;
    walk(from, (start, end) => {
      if (remaining <= end - start) {
        due = start + remaining;
        return true;
      }
      remaining -= end - start;
      return false;
    });
    return due;
  };

  const workingMinutesBetween = (from: Instant, to: Instant): number => {
    if (to <= from) return 0;
    let total = 0;
    walk(from, (start, end) => {
      if (start >= to) return true;
      total += Math.min(end, to) - start;
      return end >= to;
    });
    return total / MINUTE_MS;
  };

  const closeOfDay = (date: string): Instant => atLocal(date, sessions[sessions.length - 1]!.end);

  const nextWorkingDay = (date: string): string => {
    let next = addDays(date, 1);
    for (let i = 0; i < MAX_DAYS_SCANNED && !isWorkingDay(next); i++) next = addDays(next, 1);
    return next;
  };

  return { minutesPerDay, isWorkingDay, nextOpening, addWorkingMinutes, workingMinutesBetween, closeOfDay, nextWorkingDay };
}

/** Whether an instant falls inside a session of a working day. */
export function isWithinOfficeHours(calendar: WorkingCalendar, at: Instant): boolean {
  return calendar.nextOpening(at) === at;
}
