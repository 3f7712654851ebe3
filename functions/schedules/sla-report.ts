import { observed } from '../../shared/observability/lambda.js';
import type { SlaRun } from '../../shared/app/reports.js';
import { reports, servedProvinces } from '../../shared/composition/app.js';

/**
 * Every working day at 07:00: each commune's SLA-breach report, stored for the API. One
 * commune's failure does not stop the others; the run fails at the end so the schedule retries
 * and the alarm sees it. `force` runs on a day off too.
 */
export const handler = observed(async (event: { force?: boolean } = {}): Promise<SlaRun[]> => {
  const runs: SlaRun[] = [];
  for (const province of servedProvinces()) runs.push(await reports.runSlaReports(province, event.force));
  const failed = runs.flatMap((r) => r.failed);
  if (failed.length) throw new Error(`SLA report failed for ${failed.join(', ')}`);
  return runs;
});
