import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * The longest timeout a function has on Lambda (the schedules' five minutes): the remaining time
 * counts down from it, so nothing run here is cut short that Lambda would let finish.
 */
const TIMEOUT_MS = 5 * 60_000;

/** The context Lambda gives one invocation of a function, its own request id and deadline, for the handlers run on this machine. */
export function lambdaContext(name: string): Context {
  const requestId = randomUUID();
  const deadline = Date.now() + TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
