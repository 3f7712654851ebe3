import { SCHEDULES } from '../workers.js';
import { localDate, localMinuteOfDay, type Instant } from '../../shared/domain/time.js';
import type { Metering } from './metering.js';

const SLA_REPORT_MINUTE = 7 * 60;

export type ScheduledJob = (event?: { force?: boolean }) => Promise<unknown>;

/**
 * The scheduled jobs by name, and the daily 07:00 run of the supplement expiry and the SLA report.
 * The run follows the clock handlers read, so a demo that travels in time gets it too.
 */
export async function startScheduler(options: { metering: Metering; now: () => Instant; tickMs: number; log: (line: string) => void }) {
  const jobs = new Map<string, ScheduledJob>(
    await Promise.all(SCHEDULES.map(async (s) => [s.name, await options.metering.lambda<{ force?: boolean } | undefined, unknown>(s.name, s.entry)] as const)),
  );
  let lastReportDay = localMinuteOfDay(options.now()) >= SLA_REPORT_MINUTE ? localDate(options.now()) : undefined;
  const daily = setInterval(() => {
    const now = options.now();
    if (localDate(now) === lastReportDay || localMinuteOfDay(now) < SLA_REPORT_MINUTE) return;
    lastReportDay = localDate(now);
    void (async () => {
      for (const name of ['supplement-expiry', 'sla-report']) {
        await jobs
          .get(name)?.()
          .catch((e: unknown) => options.log(`${name}: ${String(e)}`));
      }
    })();
  }, options.tickMs);
  return { jobs, stop: () => clearInterval(daily) };
}
