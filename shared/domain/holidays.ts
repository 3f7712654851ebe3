import lunar from 'lunar-javascript';
import type { YearCalendar } from './calendar.js';
import { addDays, isoWeekday } from './time.js';

/**
 * Public holidays (ngày nghỉ lễ, tết) of Vietnam for the working calendar.
 *
 * Labour Code 2019 Art. 112(1): 1 Jan; five Tết days; Hùng Kings' day (10/3 lunar); 30 Apr; 1 May;
 * 2 Sep and one adjacent day. Art. 111(3): a holiday that falls on the weekly rest day is given
 * back on the following working day(s) (nghỉ bù). Every year the Government announces the exact
 * days off for civil servants, often swapping a working day with a Saturday (làm bù); those
 * notices are kept as data in OFFICIAL_CALENDARS, and other years are generated from the rules.
 */

const { LunarMonth, Solar, ShouXingUtil } = lunar;

/** Vietnam has reckoned its lunar calendar in UTC+7 since 1968 (the North switched in Aug 1967). */
const FIRST_UTC7_LUNAR_YEAR = 1968;
/** Constants of lunar-javascript's own new-moon search (ShouXingUtil.calcShuo). */
const SYNODIC_MONTH_DAYS = 29.5306;
const NEW_MOON_EPOCH_JD = 2451551;
const ONE_HOUR_DAYS = 1 / 24;

const dateOfJulianDay = (jd: number): string => addDays('2000-01-01', jd - Solar.J2000);

/**
 * Local date in Vietnam of the first day of month `month` of lunar year `year`.
 *
 * lunar-javascript computes the Chinese calendar, whose days are reckoned in Beijing time
 * (UTC+8). A lunar month starts on the day of its new moon; when that new moon falls between
 * 00:00 and 01:00 Beijing time it is still the previous day in Vietnam (UTC+7), so the
 * Vietnamese month starts a day earlier (Tết 2007: 17 Feb in Vietnam, 18 Feb in China; again in
 * 2030 and 2053). The new moon instant is lunar-javascript's own (ShouXingUtil.shuoHigh).
 * Leap-month placement is taken from lunar-javascript as is (the rare years where the UTC+7 and
 * UTC+8 calendars place a leap month differently, last in 1984–85, are not corrected).
 */
function vietnameseMonthStart(year: number, month: number): string {
  const beijingFirstDay = LunarMonth.fromYm(year, month).getFirstJulianDay();
  const lunation = Math.floor((beijingFirstDay + 14 - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH_DAYS);
  const newMoonBeijing = ShouXingUtil.shuoHigh(lunation * 2 * Math.PI);
  if (Math.floor(newMoonBeijing + 0.5) + Solar.J2000 !== beijingFirstDay) {
    throw new Error(`lunar month ${month}/${year}: new moon does not match lunar-javascript's month start`);
  }
  return dateOfJulianDay(Math.floor(newMoonBeijing - ONE_HOUR_DAYS + 0.5) + Solar.J2000);
}

const checkYear = (year: number): void => {
  if (!Number.isInteger(year) || year < FIRST_UTC7_LUNAR_YEAR) {
    throw new RangeError(`no generated holidays for year ${year} (from ${FIRST_UTC7_LUNAR_YEAR} on)`);
  }
};

/** Tết Nguyên Đán: the first day of the first lunar month of the lunar year that starts in `year`. */
export function lunarNewYear(year: number): string {
  checkYear(year);
  return vietnameseMonthStart(year, 1);
}

/** Giỗ Tổ Hùng Vương: the 10th day of the third lunar month. */
export function hungKingsDay(year: number): string {
  checkYear(year);
  return addDays(vietnameseMonthStart(year, 3), 9);
}

const isWeekend = (date: string): boolean => isoWeekday(date) >= 6;

/**
 * The holidays plus their compensatory days: each holiday on a Saturday or Sunday, in date
 * order, is given back on the first following weekday that is neither a holiday nor already a
 * compensatory day (so Tết's weekend days are given back after the whole Tết break).
 */
function withCompensatoryDays(holidays: Iterable<string>): Set<string> {
  const sorted = [...new Set(holidays)].sort();
  const off = new Set(sorted);
  for (const day of sorted) {
    if (!isWeekend(day)) continue;
    let next = addDays(day, 1);
    while (isWeekend(next) || off.has(next)) next = addDays(next, 1);
    off.add(next);
  }
  return off;
}

/** Length of the run of consecutive days around `date` that are weekend days or days off. */
function breakLength(off: Set<string>, date: string): number {
  const free = (d: string) => isWeekend(d) || off.has(d);
  let length = 1;
  for (let d = addDays(date, -1); free(d); d = addDays(d, -1)) length++;
  for (let d = addDays(date, 1); free(d); d = addDays(d, 1)) length++;
  return length;
}

/**
 * Days off of a year for which no official notice exists, generated from Labour Code 2019
 * Art. 111–112 with lunar dates computed by lunar-javascript:
 * - 1 Jan;
 * - Tết: the last day of the old lunar year (the 29th or 30th of month 12, i.e. the day before
 *   Tết) and the first four days of month 1, as the Government has usually set them;
 * - Hùng Kings' day, 10/3 lunar; 30 Apr; 1 May;
 * - 2 Sep and one adjacent day: 1 or 3 Sep, whichever gives the longer break together with
 *   weekends and compensatory days; on a tie 1 Sep, as in the notices of 2023 and 2025;
 * - each holiday on a Saturday or Sunday is given back on the following working day(s).
 * No make-up working days: swaps are decided only by a notice.
 */
export function generatedYear(year: number): YearCalendar {
  checkYear(year);
  const y = String(year).padStart(4, '0');
  const tet = lunarNewYear(year);
  const fixed = [
    `${y}-01-01`,
    addDays(tet, -1),
    tet,
    addDays(tet, 1),
    addDays(tet, 2),
    addDays(tet, 3),
    hungKingsDay(year),
    `${y}-04-30`,
    `${y}-05-01`,
    `${y}-09-02`,
  ];
  const nationalDay = `${y}-09-02`;
  const candidates = [`${y}-09-01`, `${y}-09-03`].map((adjacent) => withCompensatoryDays([...fixed, adjacent]));
  const [before, after] = candidates as [Set<string>, Set<string>];
  const off = breakLength(after, nationalDay) > breakLength(before, nationalDay) ? after : before;
  return {
    year,
    daysOff: [...off].sort(),
    workingDays: [],
    source: 'Labour Code 2019 Art. 111–112 (generated; lunar dates computed, pending the official notice)',
  };
}

/** Every date from `from` to `to`, both included. */
function span(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/**
 * Days off and make-up working days announced for civil servants (cán bộ, công chức, viên
 * chức), which the commune centers follow. Whole announced breaks are listed, weekend days
 * included.
 */
export const OFFICIAL_CALENDARS: YearCalendar[] = [
  {
    year: 2025,
    daysOff: [
      '2025-01-01', // Tết Dương lịch (Wed)
      ...span('2025-01-25', '2025-02-02'), // Tết Ất Tỵ: 26 tháng Chạp – mùng 5 (Mon 27 – Fri 31 Jan)
      '2025-04-07', // Giỗ Tổ Hùng Vương, 10/3 Ất Tỵ (Mon)
      ...span('2025-04-30', '2025-05-04'), // 30/4 (Wed), 1/5 (Thu), Fri 2 May swapped
      ...span('2025-08-30', '2025-09-02'), // Quốc khánh: 2 Sep (Tue) + Mon 1 Sep
    ],
    workingDays: [
      '2025-04-26', // Saturday worked in exchange for Fri 2 May
    ],
    source:
      'Ministry of Home Affairs notices for 2025 (Tết Ất Tỵ 25 Jan–2 Feb and National Day 30 Aug–2 Sep ' +
      'as approved by the Prime Minister; 30/4–1/5: Fri 2 May off, Sat 26 Apr worked); ' +
      '1 Jan and Hùng Kings per Labour Code 2019 Art. 112',
  },
  {
    year: 2026,
    daysOff: [
      ...span('2026-01-01', '2026-01-04'), // Tết Dương lịch (Thu 1 Jan), Fri 2 Jan swapped
      ...span('2026-02-14', '2026-02-22'), // Tết Bính Ngọ: 27 tháng Chạp – mùng 6 (Mon 16 – Fri 20 Feb)
      '2026-04-26', // Giỗ Tổ Hùng Vương, 10/3 Bính Ngọ (Sun)
      '2026-04-27', // … given back on Mon (Labour Code Art. 111(3))
      ...span('2026-04-30', '2026-05-03'), // 30/4 (Thu), 1/5 (Fri)
      ...span('2026-08-29', '2026-09-02'), // Quốc khánh: 2 Sep (Wed) + Tue 1 Sep; Mon 31 Aug swapped
    ],
    workingDays: [
      '2026-01-10', // Saturday worked in exchange for Fri 2 Jan
      '2026-08-22', // Saturday worked in exchange for Mon 31 Aug
    ],
    source:
      'Government Office letter 12729/VPCP-KGVX of 25 Dec 2025 (1–4 Jan 2026, Sat 10 Jan worked); ' +
      "Prime Minister's approval of Oct 2025 of the Ministry of Home Affairs plan (Tết Bính Ngọ 14–22 Feb; " +
      'National Day 29 Aug–2 Sep, Sat 22 Aug worked); Hùng Kings, 30/4, 1/5 per Labour Code 2019 Art. 111–112',
  },
  {
    year: 2027,
    // generatedYear(2027), kept as data so that a later change of the rules cannot move it silently.
    daysOff: [
      '2027-01-01', // Tết Dương lịch (Fri)
      '2027-02-05', // 29 tháng Chạp Bính Ngọ, the last day of the lunar year (Fri)
      '2027-02-06', // Tết Đinh Mùi, mùng 1 (Sat)
      '2027-02-07', // mùng 2 (Sun)
      '2027-02-08', // mùng 3 (Mon)
      '2027-02-09', // mùng 4 (Tue)
      '2027-02-10', // given back for Sat 6 Feb
      '2027-02-11', // given back for Sun 7 Feb
      '2027-04-16', // Giỗ Tổ Hùng Vương, 10/3 Đinh Mùi (Fri)
      '2027-04-30', // (Fri)
      '2027-05-01', // (Sat)
      '2027-05-03', // given back for Sat 1 May
      '2027-09-02', // Quốc khánh (Thu)
      '2027-09-03', // adjacent day (Fri): Thu 2 – Sun 5 Sep
    ],
    workingDays: [],
    source:
      'Labour Code 2019 Art. 111–112, generated from the rules with computed lunar dates; ' +
      'no official notice for 2027 yet: replace with the notice when it is published',
  },
];

/** The official calendar of a year when there is one, else the one generated from the rules. */
export function yearCalendar(year: number): YearCalendar {
  return OFFICIAL_CALENDARS.find((c) => c.year === year) ?? generatedYear(year);
}
