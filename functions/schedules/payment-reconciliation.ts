import middy from '@middy/core';
import { lambdaContextInLogs } from '../../shared/observability/lambda.js';
import { servedProvinces } from '../../shared/composition/app.js';
import { payments } from '../../shared/composition/payments.js';

/** Every 15 minutes: online payments whose callback has not come are asked of the platform (QUERY) and settled once. */
export const handler = middy(async (): Promise<{ asked: number; settled: number; failed: number }> => {
  const total = { asked: 0, settled: 0, failed: 0 };
  for (const province of servedProvinces()) {
    const counts = await payments.reconcile(province);
    for (const k of ['asked', 'settled', 'failed'] as const) total[k] += counts[k];
  }
  return total;
}).use(lambdaContextInLogs());
