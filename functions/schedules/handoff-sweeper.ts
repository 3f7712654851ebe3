import { observed } from '../../shared/observability/lambda.js';
import { servedProvinces } from '../../shared/composition/app.js';
import { sweeper } from '../../shared/composition/sending.js';

/** Hand-overs unrecorded this long are sent again. */
const STALE_MS = 2 * 60_000;

/** Every few minutes: resend hand-overs that were stored but never recorded by their receiver. */
export const handler = observed(async (): Promise<{ resent: number }> => {
  let resent = 0;
  for (const province of servedProvinces()) resent += await sweeper.resendStale(province, STALE_MS);
  return { resent };
});
