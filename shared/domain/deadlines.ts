import type { WorkingCalendar } from './calendar.js';
import type { Processing, Standing, Timeliness } from './model.js';
import { localDate, localMinuteOfDay, minuteOfDay, parseInstant, type Instant } from './time.js';

/** A SAME_DAY dossier accepted before this local time is due the same day. */
export const SAME_DAY_CUTOFF = '15:00';

export function workingMinutes(calendar: WorkingCalendar, days: number): number {
  return Math.round(days * calendar.minutesPerDay);
}

/** The appointment (ngày hẹn trả) for a processing time that starts at `start`. */
export function dueAt(calendar: WorkingCalendar, start: Instant, processing: Processing): Instant {
  if (processing.kind === 'WORKING_DAYS') {
    return calendar.addWorkingMinutes(start, workingMinutes(calendar, processing.days));
  }
  const day = localDate(start);
  const sameDay = calendar.isWorkingDay(day) && localMinuteOfDay(start) < minuteOfDay(SAME_DAY_CUTOFF);
  return calendar.closeOfDay(sameDay ? day : calendar.nextWorkingDay(day));
}

/** EARLY before the due day, ON_TIME on the due day up to the due time, LATE after. */
export function timelinessOf(completedAt: Instant, due: Instant): Timeliness {
  if (completedAt > due) return 'LATE';
  return localDate(completedAt) < localDate(due) ? 'EARLY' : 'ON_TIME';
}

/**
 * The instant an open dossier's deadlines are judged at: now, or the start of its pause while it
 * awaits a supplement (its clock is stopped).
 */
export function judgedAt(now: Instant, pausedAt: string | undefined): Instant {
  return pausedAt ? Math.min(now, parseInstant(pausedAt)) : now;
}

/** OVERDUE past due, AT_RISK when due within the next working day, else ON_TRACK. */
export function standingOf(calendar: WorkingCalendar, now: Instant, due: Instant): Standing {
  if (now > due) return 'OVERDUE';
  return due <= calendar.addWorkingMinutes(now, calendar.minutesPerDay) ? 'AT_RISK' : 'ON_TRACK';
}

/** Working hours past due (0 when not past), rounded to the quarter hour. */
export function hoursPastDue(calendar: WorkingCalendar, now: Instant, due: Instant): number {
  return Math.round((calendar.workingMinutesBetween(due, now) / 60) * 4) / 4;
}
