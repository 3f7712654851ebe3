import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger.js';

/**
 * A Lambda handler whose log lines carry its invocation — function, request id, cold start — as
 * Powertools adds them; keys appended during one invocation do not leak into the next.
 */
export function observed<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy<E, R>(handler).use(injectLambdaContext(logger, { resetKeys: true }));
}
