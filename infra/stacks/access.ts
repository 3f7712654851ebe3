import type { FunctionAccess } from '../../shared/access/least-privilege.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS, SCHEDULES, STREAM_CONSUMERS } from '../workers.js';
import { PRE_TOKEN_ACCESS, PRE_TOKEN_ENTRY, PRE_TOKEN_FUNCTION } from './identity.js';

/**
 * Every function of the product with its entry (from the repository root) and access: each route
 * (shared/http/api), each consumer and job (infra/workers.ts), and the user pool's pre-token trigger.
 */
export const FUNCTIONS: readonly { name: string; entry: string; access: FunctionAccess }[] = [
  ...[...HTTP_ROUTES, ...QUEUE_CONSUMERS, ...SCHEDULES, ...STREAM_CONSUMERS, ...EVENT_CONSUMERS].map((f) => ({
    name: f.name,
    entry: f.entry,
    access: f.access as FunctionAccess,
  })),
  { name: PRE_TOKEN_FUNCTION, entry: PRE_TOKEN_ENTRY, access: PRE_TOKEN_ACCESS },
];

/** What each function of the product may do, by name. */
export const ACCESS: Record<string, FunctionAccess> = Object.fromEntries(FUNCTIONS.map((f) => [f.name, f.access]));
