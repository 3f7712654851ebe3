import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, isWithinOfficeHours, workingCalendar } from '../../shared/domain/calendar.js';
import { dueAt, hoursPastDue, standingOf, timelinessOf, workingMinutes } from '../../shared/domain/deadlines.js';
import { OFFICIAL_CALENDARS, generatedYear, hungKingsDay, lunarNewYear, yearCalendar } from '../../shared/domain/holidays.js';
import { addDays, atLocal, isoWeekday, localDate, localMinuteOfDay, parseInstant, toVietnamIso } from '../../shared/domain/time.js';

const calendar = workingCalendar(DEFAULT_OFFICE_HOURS, OFFICIAL_CALENDARS, yearCalendar);

/** An instant from an ISO text with its offset, e.g. '2026-02-13T10:00+07:00'. */
const at = (iso: string): number => {
  const instant = parseInstant(iso);
  if (Number.isNaN(instant)) throw new Error(`not an instant: ${iso}`);
  return instant;
};
const iso = (instant: number): string => toVietnamIso(instant).slice(0, 16);
const days = (n: number) => ({ kind: 'WORKING_DAYS', days: n }) as const;
const SAME_DAY = { kind: 'SAME_DAY' } as const;

/** Every date from `from` to `to`, both included. */
const datesFrom = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};
const isWeekday = (date: string) => isoWeekday(date) <= 5;
/** Weekdays lost to days off, less the weekend days worked: the paid holidays a year gives. */
const netWeekdaysOff = (daysOff: string[], workingDays: string[]) => daysOff.filter(isWeekday).length - workingDays.filter((d) => !isWeekday(d)).length;

describe('working-day deadlines with the default office hours and the official calendars', () => {
  it('gives Wed 25 Feb 2026 10:00 for 3 working days from Fri 13 Feb 2026 10:00, across Tết', () => {
    // Prepare
    const start = at('2026-02-13T10:00+07:00');

    // Act
    const due = dueAt(calendar, start, days(3));

    // Assess
    expect(workingMinutes(calendar, 3)).toBe(1440);
    expect(toVietnamIso(due)).toBe('2026-02-25T10:00:00+07:00');
  });

  it('makes a budget that runs out exactly at a session close due at that close', () => {
    // Prepare
    const morning = at('2026-03-02T09:30+07:00');
    const nine = at('2026-03-02T09:00+07:00');
    const saturday = at('2026-03-07T10:00+07:00');

    // Act
    const dueAtNoonClose = dueAt(calendar, morning, days(0.25));
    const dueAtEveningClose = dueAt(calendar, nine, days(0.75));
    const dueAfterWeekend = dueAt(calendar, saturday, days(1));

    // Assess
    expect(iso(dueAtNoonClose)).toBe('2026-03-02T11:30');
    expect(iso(dueAtEveningClose)).toBe('2026-03-02T17:00');
    expect(iso(dueAfterWeekend)).toBe('2026-03-09T17:00');
  });

  it('starts the clock at the next opening when accepted at lunch, in the evening, on a weekend or before opening', () => {
    // Prepare
    const lunch = at('2026-03-02T12:00+07:00');
    const evening = at('2026-03-02T18:00+07:00');
    const saturday = at('2026-03-07T09:00+07:00');
    const early = at('2026-03-02T06:00+07:00');

    // Act
    const openings = [lunch, evening, saturday, early].map((t) => iso(calendar.nextOpening(t)));
    const dues = [lunch, evening, saturday, early].map((t) => iso(dueAt(calendar, t, days(0.25))));

    // Assess
    expect(openings).toEqual(['2026-03-02T13:30', '2026-03-03T07:00', '2026-03-09T07:00', '2026-03-02T07:00']);
    expect(dues).toEqual(['2026-03-02T15:30', '2026-03-03T09:00', '2026-03-09T09:00', '2026-03-02T09:00']);
  });

  it('counts a quarter day as 120 working minutes, carried over lunch and over the night', () => {
    // Prepare
    const beforeLunch = at('2026-03-02T10:30+07:00');
    const lateAfternoon = at('2026-03-02T16:00+07:00');

    // Act
    const overLunch = dueAt(calendar, beforeLunch, days(0.25));
    const overNight = dueAt(calendar, lateAfternoon, days(0.25));

    // Assess
    expect(workingMinutes(calendar, 0.25)).toBe(120);
    expect(iso(overLunch)).toBe('2026-03-02T14:30');
    expect(iso(overNight)).toBe('2026-03-03T08:00');
  });

  it('counts a make-up Saturday as a working day and a swapped weekday as a day off', () => {
    // Prepare
    const fridayBefore = at('2025-04-25T10:00+07:00');
    const dayBeforeHolidays = at('2025-04-29T10:00+07:00');

    // Act
    const oneDay = dueAt(calendar, fridayBefore, days(1));
    const threeDays = dueAt(calendar, dayBeforeHolidays, days(3));
    const overMakeUpSaturday = calendar.workingMinutesBetween(at('2025-04-25T17:00+07:00'), at('2025-04-28T07:00+07:00'));

    // Assess
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
    expect(iso(oneDay)).toBe('2025-04-26T10:00');
    expect(iso(threeDays)).toBe('2025-05-07T10:00');
    expect(overMakeUpSaturday).toBe(480);
  });

  it('has no working day from Sat 14 Feb to Sun 22 Feb 2026 (Tết Bính Ngọ)', () => {
    // Prepare
    const tet = datesFrom('2026-02-14', '2026-02-22');

    // Act
    const working = tet.filter((d) => calendar.isWorkingDay(d));

    // Assess
    expect(working).toEqual([]);
    expect(calendar.isWorkingDay('2026-02-13')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-23')).toBe(true);
    expect(calendar.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
  });

  it('counts working minutes across a weekend and across Tết', () => {
    // Prepare
    const fridayAfternoon = at('2026-03-06T16:00+07:00');
    const mondayMorning = at('2026-03-09T08:00+07:00');

    // Act
    const acrossWeekend = calendar.workingMinutesBetween(fridayAfternoon, mondayMorning);
    const acrossTet = calendar.workingMinutesBetween(at('2026-02-13T17:00+07:00'), at('2026-02-23T07:00+07:00'));
    const backwards = calendar.workingMinutesBetween(mondayMorning, fridayAfternoon);

    // Assess
    expect(acrossWeekend).toBe(120);
    expect(acrossTet).toBe(0);
    expect(backwards).toBe(0);
  });
});

describe('long spans of working time', () => {
  it('counts the working minutes between instants more than three years apart', () => {
    // Prepare
    const from = at('2024-01-01T00:00+07:00');
    const to = at('2028-01-01T00:00+07:00');
    const workingDays = datesFrom('2024-01-01', '2027-12-31').filter((d) => calendar.isWorkingDay(d)).length;

    // Act
    const minutes = calendar.workingMinutesBetween(from, to);
    const back = calendar.addWorkingMinutes(from, minutes);

    // Assess
    expect(minutes).toBe(workingDays * 480);
    expect(calendar.workingMinutesBetween(from, back)).toBe(minutes);
  });

  it('adds back the working minutes counted up to a session close, from an instant with milliseconds, to that close', () => {
    // Prepare
    const from = at('2026-03-02T10:00:01.123+07:00');
    const fridayClose = at('2026-03-06T17:00+07:00');
    const minutes = calendar.workingMinutesBetween(from, fridayClose);

    // Act
    const back = calendar.addWorkingMinutes(from, minutes);

    // Assess
    expect(minutes).toBeCloseTo(2219.98128, 5);
    expect(iso(back)).toBe('2026-03-06T17:00');
    expect(back).toBe(fridayClose);
  });

  it('gives the hours past due of a dossier overdue for more than three years', () => {
    // Prepare
    const due = at('2024-03-01T17:00+07:00');
    const now = at('2027-06-01T07:00+07:00');
    const workingDays = datesFrom('2024-03-02', '2027-05-31').filter((d) => calendar.isWorkingDay(d)).length;

    // Act
    const hours = hoursPastDue(calendar, now, due);

    // Assess
    expect(hours).toBe(workingDays * 8);
  });
});

describe('same-day processing', () => {
  it.each([
    ['accepted at 14:59 on a working day, is due at 17:00 the same day', '2026-03-02T14:59+07:00', '2026-03-02T17:00'],
    ['accepted before opening on a working day, is due at 17:00 the same day', '2026-03-02T06:00+07:00', '2026-03-02T17:00'],
    ['accepted at 15:00, is due at 17:00 the next working day', '2026-03-02T15:00+07:00', '2026-03-03T17:00'],
    ['accepted at 15:30, is due at 17:00 the next working day', '2026-03-02T15:30+07:00', '2026-03-03T17:00'],
    ['accepted on a Friday at 15:30, is due at 17:00 on Monday', '2026-03-06T15:30+07:00', '2026-03-09T17:00'],
    ['accepted on a Saturday, is due at 17:00 on Monday', '2026-02-28T10:00+07:00', '2026-03-02T17:00'],
    ['accepted on the Saturday before Tết, is due at 17:00 on the first working day after it', '2026-02-14T10:00+07:00', '2026-02-23T17:00'],
    ['accepted on a weekday holiday, is due at 17:00 the next working day', '2026-04-30T09:00+07:00', '2026-05-04T17:00'],
    ['accepted on a make-up Saturday before 15:00, is due at 17:00 that Saturday', '2025-04-26T10:00+07:00', '2025-04-26T17:00'],
  ])('%s', (_name, accepted, expected) => {
    // Prepare
    const start = at(accepted);

    // Act
    const due = dueAt(calendar, start, SAME_DAY);

    // Assess
    expect(iso(due)).toBe(expected);
  });
});

describe('timeliness of completed dossiers and standing of open ones', () => {
  const due = at('2026-02-25T10:00+07:00');

  it('rates a completion EARLY before the due day, ON_TIME on the due day up to the due time, LATE after', () => {
    // Prepare
    const dayBefore = at('2026-02-24T16:00+07:00');
    const sameMorning = at('2026-02-25T08:00+07:00');
    const exactlyDue = due;
    const minuteLate = at('2026-02-25T10:01+07:00');

    // Act
    const ratings = [dayBefore, sameMorning, exactlyDue, minuteLate].map((t) => timelinessOf(t, due));

    // Assess
    expect(ratings).toEqual(['EARLY', 'ON_TIME', 'ON_TIME', 'LATE']);
  });

  it('is ON_TRACK beyond one working day, AT_RISK within the next working day, OVERDUE after the due time', () => {
    // Prepare
    const twoDaysAhead = at('2026-02-23T09:00+07:00');
    const oneDayAhead = at('2026-02-24T10:00+07:00');
    const justPast = at('2026-02-25T10:01+07:00');

    // Act
    const standings = [twoDaysAhead, oneDayAhead, due, justPast].map((now) => standingOf(calendar, now, due));

    // Assess
    expect(standings).toEqual(['ON_TRACK', 'AT_RISK', 'AT_RISK', 'OVERDUE']);
  });

  it('is AT_RISK before a long break when the due time is within the next working day', () => {
    // Prepare
    const fridayBeforeTet = at('2026-02-13T16:00+07:00');
    const dueAfterTet = at('2026-02-23T09:00+07:00');

    // Act
    const standing = standingOf(calendar, fridayBeforeTet, dueAfterTet);

    // Assess
    expect(standing).toBe('AT_RISK');
  });
});

describe('lunar dates computed for Vietnam', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
  ])('puts Tết %i on %s', (year, tet) => {
    // Act
    const computed = lunarNewYear(year);

    // Assess
    expect(computed).toBe(tet);
  });

  it('reckons the lunar day in Vietnam time (UTC+7), so Tết is a day before the Chinese New Year in 2007, 2030 and 2053', () => {
    // Act
    const tets = [2007, 2030, 2053].map(lunarNewYear);

    // Assess
    expect(tets).toEqual(['2007-02-17', '2030-02-02', '2053-02-18']);
  });

  it.each([
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
    [2028, '2028-04-04'],
  ])("puts Hùng Kings' day (10/3 lunar) of %i on %s", (year, day) => {
    // Act
    const computed = hungKingsDay(year);

    // Assess
    expect(computed).toBe(day);
  });
});

describe('calendars generated from the Labour Code', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2028, '2028-01-26'],
    [2030, '2030-02-02'],
  ])('gives %i the last day of the lunar year and the first four days of Tết (%s)', (year, tet) => {
    // Prepare
    const tetDays = [-1, 0, 1, 2, 3].map((n) => addDays(tet, n));

    // Act
    const { daysOff } = generatedYear(year);

    // Assess
    expect(daysOff).toEqual(expect.arrayContaining(tetDays));
  });

  it("contains 17 Feb 2026, and Hùng Kings' day on Sunday 26 Apr 2026 with Monday 27 Apr given back", () => {
    // Act
    const { daysOff } = generatedYear(2026);

    // Assess
    expect(daysOff).toEqual(expect.arrayContaining(['2026-02-17', '2026-04-26', '2026-04-27']));
  });

  it('gives back weekend holidays on the following working days', () => {
    // Act
    const y2023 = generatedYear(2023).daysOff;
    const y2027 = generatedYear(2027).daysOff;
    const y2028 = generatedYear(2028).daysOff;

    // Assess
    // 2023: Hùng Kings Sat 29 Apr and 30 Apr on Sunday → Tue 2 and Wed 3 May, after 1 May (Mon)
    expect(y2023).toEqual(expect.arrayContaining(['2023-04-29', '2023-04-30', '2023-05-01', '2023-05-02', '2023-05-03']));
    // 2027: Tết on Sat 6 and Sun 7 Feb → after the break, Wed 10 and Thu 11 Feb; 1 May on Saturday → Mon 3 May
    expect(y2027).toEqual(expect.arrayContaining(['2027-02-10', '2027-02-11', '2027-05-03']));
    expect(y2027).not.toContain('2027-02-12');
    // 2028: 1 Jan on Saturday → Mon 3 Jan; 2 Sep on Saturday with Fri 1 Sep → Mon 4 Sep
    expect(y2028).toEqual(expect.arrayContaining(['2028-01-03', '2028-09-01', '2028-09-04']));
  });

  it('chooses the day next to 2 September that makes the longer break, 1 September on a tie', () => {
    // Act
    const thursday2027 = generatedYear(2027).daysOff.filter((d) => d.startsWith('2027-09'));
    const wednesday2026 = generatedYear(2026).daysOff.filter((d) => d.startsWith('2026-09'));

    // Assess
    expect(thursday2027).toEqual(['2027-09-02', '2027-09-03']);
    expect(wednesday2026).toEqual(['2026-09-01', '2026-09-02']);
  });

  it('returns sorted unique ISO dates of the year, no make-up days, and gives 11 paid weekdays off a year', () => {
    for (let year = 2024; year <= 2060; year++) {
      // Act
      const generated = generatedYear(year);

      // Assess
      expect(generated.year).toBe(year);
      expect(generated.workingDays).toEqual([]);
      expect(generated.source).toMatch(/Labour Code 2019/);
      expect(generated.daysOff.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d) && d.startsWith(`${year}-`))).toBe(true);
      expect(generated.daysOff).toEqual([...new Set(generated.daysOff)].sort());
      expect(netWeekdaysOff(generated.daysOff, generated.workingDays)).toBe(11);
    }
  });
});

describe('official calendars', () => {
  it('covers 2025, 2026 and 2027 with a named source and dates of their own year', () => {
    // Act
    const years = OFFICIAL_CALENDARS.map((c) => c.year);

    // Assess
    expect(years).toEqual([2025, 2026, 2027]);
    for (const c of OFFICIAL_CALENDARS) {
      expect(c.source.length).toBeGreaterThan(20);
      expect([...c.daysOff, ...c.workingDays].every((d) => d.startsWith(`${c.year}-`))).toBe(true);
      expect(c.workingDays.every((d) => !isWeekday(d))).toBe(true);
      expect(c.daysOff.filter((d) => c.workingDays.includes(d))).toEqual([]);
    }
  });

  it('gives civil servants the 11 paid weekdays off of the Labour Code each year, swaps included', () => {
    // Act
    const net = OFFICIAL_CALENDARS.map((c) => netWeekdaysOff(c.daysOff, c.workingDays));

    // Assess
    expect(net).toEqual([11, 11, 11]);
  });

  it('keeps 2027 as the generated days until a notice is published', () => {
    // Act
    const official = OFFICIAL_CALENDARS.find((c) => c.year === 2027)!;

    // Assess
    expect(official.daysOff).toEqual(generatedYear(2027).daysOff);
    expect(official.source).toMatch(/generated/);
  });

  it('falls back to the generated calendar for a year without a notice', () => {
    // Act
    const notice = yearCalendar(2026);
    const generated = yearCalendar(2028);

    // Assess
    expect(notice).toBe(OFFICIAL_CALENDARS.find((c) => c.year === 2026));
    expect(generated).toEqual(generatedYear(2028));
    expect(calendar.isWorkingDay('2028-01-26')).toBe(false);
  });
});

describe('properties of working time (2024–2029)', () => {
  const FIRST = at('2024-01-01T00:00+07:00');
  const LAST = at('2029-12-31T23:59+07:00');
  const SESSION_EDGES = [7 * 60, 11 * 60 + 30, 13 * 60 + 30, 17 * 60];
  const CLOSES = [11 * 60 + 30, 17 * 60];
  const RUNS = { numRuns: 200 };

  /** Any minute of 2024–2029, or exactly an opening or a close of some day. */
  const instant = fc.oneof(
    fc.integer({ min: FIRST / 60_000, max: LAST / 60_000 }).map((m) => m * 60_000),
    fc
      .tuple(fc.integer({ min: 0, max: Math.floor((LAST - FIRST) / 86_400_000) }), fc.constantFrom(...SESSION_EDGES))
      .map(([day, minute]) => atLocal(addDays('2024-01-01', day), minute)),
  );
  /** Budgets in quarter-day steps, up to 15 working days. */
  const quarterDays = fc.integer({ min: 1, max: 60 }).map((q) => q / 4);

  it('puts every due time inside office hours or exactly at the close of a session of a working day', () => {
    fc.assert(
      fc.property(instant, quarterDays, (start, budget) => {
        const due = calendar.addWorkingMinutes(start, workingMinutes(calendar, budget));
        const atClose = calendar.isWorkingDay(localDate(due)) && CLOSES.includes(localMinuteOfDay(due));
        return isWithinOfficeHours(calendar, due) || atClose;
      }),
      RUNS,
    );
  });

  it('adds exactly 480 working minutes for each further working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 30 }), (start, d) => {
        const opening = calendar.nextOpening(start);
        const shorter = calendar.workingMinutesBetween(opening, dueAt(calendar, start, days(d)));
        const longer = calendar.workingMinutesBetween(opening, dueAt(calendar, start, days(d + 1)));
        return longer - shorter === 480;
      }),
      RUNS,
    );
  });

  it('counts back exactly the working minutes that were added', () => {
    fc.assert(
      fc.property(
        instant,
        fc.oneof(
          quarterDays.map((q) => workingMinutes(calendar, q)),
          fc.integer({ min: 1, max: 7200 }),
        ),
        (start, minutes) => {
          return calendar.workingMinutesBetween(start, calendar.addWorkingMinutes(start, minutes)) === minutes;
        },
      ),
      RUNS,
    );
  });

  it('adds back exactly the working minutes counted from any millisecond to a later session close', () => {
    // Float rounding of minutes × 60 000 shows up in about 1 case in 200, hence the extra runs.
    const withMillis = fc
      .tuple(fc.integer({ min: FIRST / 60_000, max: LAST / 60_000 }), fc.integer({ min: 1, max: 59_999 }))
      .map(([minute, ms]) => minute * 60_000 + ms);
    const laterEdge = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom(...CLOSES));
    fc.assert(
      fc.property(withMillis, laterEdge, (from, [later, minute]) => {
        const to = atLocal(addDays(localDate(from), later), minute);
        const minutes = calendar.workingMinutesBetween(from, to);
        if (minutes === 0) return true;
        const back = calendar.addWorkingMinutes(from, minutes);
        return Number.isInteger(back) && back <= to && calendar.workingMinutesBetween(back, to) === 0;
      }),
      { numRuns: 1500 },
    );
  });

  it('never counts more working minutes between two instants than there are', () => {
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const minutes = calendar.workingMinutesBetween(from, to);
        return minutes === 0 || calendar.addWorkingMinutes(from, minutes) <= to;
      }),
      { numRuns: 50 },
    );
  });

  it('gives the same due times whatever the process time zone', async () => {
    // Prepare
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const script = `
      const { workingCalendar, DEFAULT_OFFICE_HOURS } = await import(${JSON.stringify(`${root}shared/domain/calendar.ts`)});
      const { dueAt } = await import(${JSON.stringify(`${root}shared/domain/deadlines.ts`)});
      const { OFFICIAL_CALENDARS, yearCalendar } = await import(${JSON.stringify(`${root}shared/domain/holidays.ts`)});
      const calendar = workingCalendar(DEFAULT_OFFICE_HOURS, OFFICIAL_CALENDARS, yearCalendar);
      const out = [];
      for (let t = ${FIRST}; t < ${LAST}; t += 997 * 60_000 * 7) {
        out.push(dueAt(calendar, t, { kind: 'WORKING_DAYS', days: 3 }), dueAt(calendar, t, { kind: 'SAME_DAY' }));
      }
      console.log(JSON.stringify(out));
    `;
    const run = async (tz: string): Promise<number[]> => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: root,
        env: { ...process.env, TZ: tz },
      });
      return JSON.parse(stdout) as number[];
    };
    const expected: number[] = [];
    for (let t = FIRST; t < LAST; t += 997 * 60_000 * 7) {
      expected.push(dueAt(calendar, t, days(3)), dueAt(calendar, t, SAME_DAY));
    }

    // Act
    const [newYork, utc] = await Promise.all(['America/New_York', 'UTC'].map(run));

    // Assess
    expect(expected.length).toBeGreaterThan(400);
    expect(newYork).toEqual(expected);
    expect(utc).toEqual(expected);
  }, 20_000);
});
