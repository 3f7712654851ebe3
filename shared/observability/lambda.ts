import type { MiddlewareObj } from '@middy/core';
import { logger } from './logger.js';

/**
 * The middleware every function's handler starts with: its log lines carry the invocation they
 * belong to — function, request id, cold start — and keys appended during one invocation are on
 * no line of the next. Each handler has its own cold start, as each function has on Lambda (the
 * local runtime loads them all in one process); an environment started for provisioned
 * concurrency has none.
 */
export function lambdaContextInLogs(): MiddlewareObj {
  let coldStart = process.env.AWS_LAMBDA_INITIALIZATION_TYPE !== 'provisioned-concurrency';
  const end = () => logger.endInvocation();
  return {
    before: ({ context }) => {
      logger.beginInvocation({
        cold_start: coldStart,
        function_arn: context.invokedFunctionArn,
        function_memory_size: context.memoryLimitInMB ? Number(context.memoryLimitInMB) : undefined,
        function_name: context.functionName,
        function_request_id: context.awsRequestId,
      });
      coldStart = false;
    },
    after: end,
    onError: end,
  };
}
