import type { Context } from 'aws-lambda';
import { logger } from './logger.js';

/**
 * A Lambda handler whose log lines carry its invocation — function, request id, cold start; keys
 * appended during one invocation do not leak into the next.
 */
export function observed<E, R>(handler: (event: E, context: Context) => Promise<R>): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    logger.addContext(context);
    try {
      return await handler(event, context);
    } finally {
      logger.resetKeys();
    }
  };
}
