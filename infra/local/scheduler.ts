import { SCHEDULES } from '../workers.js';
import { localDate, localMinuteOfDay, type Instant } from '../../shared/domain/time.js';
import type { Metering } from './metering.js';

const SLA_REPORT_MINUTE = 7 * 60;
/** The reconciliation of online payments runs every 15 minutes (rate(15 minutes) on AWS). */
const RECONCILIATION_MS = 15 * 60_000;

export type ScheduledJob = (event?: { force?: boolean }) => Promise<unknown>;

/**
 * The scheduled jobs by name, the daily 07:00 run of the supplement expiry and the SLA report, and
 * the reconciliation of online payments every 15 minutes. The runs follow the clock handlers
 * read, so a demo that travels in time gets them too.
 */
export async function startScheduler(options: { metering: Metering; now: () => Instant; tickMs: number; log: (line: string) => void }) {
  const jobs = new Map<string, ScheduledJob>(
    await Promise.all(SCHEDULES.map(async (s) => [s.name, await options.metering.lambda<{ force?: boolean } | undefined, unknown>(s.name, s.entry)] as const)),
  );
  let lastReportDay = localMinuteOfDay(options.now()) >= SLA_REPORT_MINUTE ? localDate(options.now()) : undefined;
  let lastReconciliation = options.now();
  const run = (name: string) =>
    jobs
      .get(name)?.()
      .catch((e: unknown) => options.log(`${name}: ${String(e)}`));
  const daily = setInterval(() => {
    const now = options.now();
    if (now - lastReconciliation >= RECONCILIATION_MS) {
      lastReconciliation = now;
      void run('payment-reconciliation');
    }
    if (localDate(now) === lastReportDay || localMinuteOfDay(now) < SLA_REPORT_MINUTE) return;
    lastReportDay = localDate(now);
    void (async () => {
      for (const name of ['supplement-expiry', 'sla-report']) await run(name);
    })();
  }, options.tickMs);
  return { jobs, stop: () => clearInterval(daily) };
}
