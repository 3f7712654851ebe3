import middy from '@middy/core';
import { lambdaContextInLogs } from '../../shared/observability/lambda.js';
import type { SlaRun } from '../../shared/app/reports.js';
import type { DigestRun } from '../../shared/app/digest.js';
import { reports, servedProvinces } from '../../shared/composition/app.js';
import { digest } from '../../shared/composition/digest.js';

/**
 * Every working day at 07:00: each commune's SLA-breach report, stored for the API, then the
 * morning digests by e-mail. One commune's failure does not stop the others; the run fails at the
 * end so the schedule retries (a digest already sent is not sent again) and the alarm sees it.
 * `force` runs on a day off too.
 */
export const handler = middy(async (event: { force?: boolean } = {}): Promise<(SlaRun & { digests?: DigestRun })[]> => {
  const runs: (SlaRun & { digests?: DigestRun })[] = [];
  const failed: string[] = [];
  for (const province of servedProvinces()) {
    const run = await reports.runSlaReports(province, event.force);
    failed.push(...run.failed);
    if (run.skipped) {
      runs.push(run);
      continue;
    }
    try {
      runs.push({ ...run, digests: await digest.sendDigests(province, run.date) });
    } catch (error) {
      runs.push(run);
      failed.push(`${province} digests (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (failed.length) throw new Error(`SLA report failed for ${failed.join(', ')}`);
  return runs;
}).use(lambdaContextInLogs());
