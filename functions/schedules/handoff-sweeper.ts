import { requiredEnv } from '../../shared/adapters/aws.js';
import { resendStaleHandoffs } from '../../shared/adapters/handoffs.js';
import { logger } from '../../shared/http/logger.js';

/** Hand-overs unrecorded this long are sent again. */
const STALE_MS = 2 * 60_000;

/** Every few minutes: resend hand-overs that were stored but never recorded by their receiver. */
export const handler = async (): Promise<{ resent: number }> => {
  let resent = 0;
  for (const province of requiredEnv('PROVINCES').split(',')) {
    resent += await resendStaleHandoffs(province, STALE_MS);
  }
  logger.info('hand-over sweep', { resent });
  return { resent };
};
