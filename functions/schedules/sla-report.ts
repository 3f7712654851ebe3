import { slaReport } from '../../shared/domain/reports.js';
import { localDate } from '../../shared/domain/time.js';
import { requiredEnv } from '../../shared/adapters/aws.js';
import { clock } from '../../shared/adapters/clock.js';
import { openDossiers, putSlaReport } from '../../shared/adapters/reports.js';
import { logger } from '../../shared/http/logger.js';
import { calendarOf, provinceConfig } from '../../shared/http/tenancy.js';

export interface SlaRun {
  date: string;
  skipped?: 'not a working day';
  communes: { commune: string; openDossiers: number; itemsRead: number; overdue: number; atRisk: number }[];
  failed: string[];
}

/**
 * Every working day at 07:00: each commune's SLA-breach report, stored for the API. One
 * commune's failure does not stop the others; the run fails at the end so the schedule retries
 * and the alarm sees it. `force` runs on a day off too.
 */
export const handler = async (event: { force?: boolean } = {}): Promise<SlaRun[]> => {
  const now = clock.now();
  const date = localDate(now);
  const runs: SlaRun[] = [];
  for (const province of requiredEnv('PROVINCES').split(',')) {
    const config = await provinceConfig(province);
    if (!config) throw new Error(`province ${province} has no configuration`);
    const calendar = calendarOf(config);
    const run: SlaRun = { date, communes: [], failed: [] };
    runs.push(run);
    if (!event.force && !calendar.isWorkingDay(date)) {
      run.skipped = 'not a working day';
      continue;
    }
    for (const { code } of config.communes) {
      try {
        const { items, itemsRead } = await openDossiers(code);
        const report = slaReport(code, date, items, calendar, now);
        await putSlaReport(report);
        run.communes.push({ commune: code, openDossiers: report.openDossiers, itemsRead, overdue: report.overdue, atRisk: report.atRisk });
      } catch (error) {
        logger.error('SLA report failed for a commune', { province, commune: code, error: String(error) });
        run.failed.push(code);
      }
    }
    logger.info('SLA reports stored', { province, date, communes: run.communes.length, failed: run.failed.length });
  }
  const failed = runs.flatMap((r) => r.failed);
  if (failed.length) throw new Error(`SLA report failed for ${failed.join(', ')}`);
  return runs;
};
