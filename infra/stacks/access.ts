import type { FunctionAccess } from '../../shared/access/least-privilege.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS, SCHEDULES, STREAM_CONSUMERS } from '../workers.js';
import { PRE_TOKEN_ACCESS, PRE_TOKEN_FUNCTION } from './identity.js';

/**
 * What each function of the product may do, by name: as each route (shared/http/api) and each
 * consumer or job (infra/workers.ts) declares it, and the user pool's pre-token trigger.
 */
export const ACCESS: Record<string, FunctionAccess> = Object.fromEntries([
  ...[...HTTP_ROUTES, ...QUEUE_CONSUMERS, ...STREAM_CONSUMERS, ...EVENT_CONSUMERS, ...SCHEDULES].map((f): [string, FunctionAccess] => [
    f.name,
    f.access as FunctionAccess,
  ]),
  [PRE_TOKEN_FUNCTION, PRE_TOKEN_ACCESS],
]);
