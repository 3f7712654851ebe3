/**
 * Instants are epoch milliseconds. Every date and time the product shows is in
 * Asia/Ho_Chi_Minh, which has had a fixed +07:00 offset and no daylight saving since 1975,
 * so local fields are computed by arithmetic, whatever the server's TZ.
 */
export type Instant = number;

export const VIETNAM_OFFSET_MINUTES = 7 * 60;
const OFFSET_MS = VIETNAM_OFFSET_MINUTES * 60_000;
export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** Local calendar date ('YYYY-MM-DD') of an instant in Vietnam. */
export function localDate(at: Instant): string {
  return new Date(at + OFFSET_MS).toISOString().slice(0, 10);
}

/** Minutes since local midnight in Vietnam. */
export function localMinuteOfDay(at: Instant): number {
  return Math.floor(((((at + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
}

/** ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The instant of a local date at a minute of that day in Vietnam. */
export function atLocal(date: string, minuteOfDay: number): Instant {
  return Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + minuteOfDay * MINUTE_MS;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** ISO 8601 with the +07:00 offset, as the API shows every time. */
export function toVietnamIso(at: Instant): string {
  const shifted = new Date(at + OFFSET_MS).toISOString();
  return `${shifted.slice(0, 19)}+07:00`;
}

/** The same to the millisecond, for records that must sort in the order things happened. */
export const toVietnamIsoMs = (at: Instant): string => `${new Date(at + OFFSET_MS).toISOString().slice(0, 23)}+07:00`;

/** Parses any ISO 8601 instant with an offset or Z; NaN when it is not one. */
export function parseInstant(text: string): Instant {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return Number.NaN;
  const date = text.slice(0, 10);
  // Date.parse rolls 31 February over to March: such a date is no date.
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || !new Date(`${date}T00:00:00Z`).toISOString().startsWith(date)) return Number.NaN;
  return Date.parse(text);
}

/** 'HH:MM' → minutes since midnight. */
export function minuteOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
