import { badRequest } from './problem.js';

/** The version a mutation is based on: `expectedVersion` in the body, else If-Match ("3", W/"3" or 3). */
export function expectedVersionOf(body: { expectedVersion?: number }, ifMatch: string | undefined): number | undefined {
  if (body.expectedVersion !== undefined) return body.expectedVersion;
  if (ifMatch === undefined) return undefined;
  const version = Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
  if (!Number.isInteger(version) || version < 0) throw badRequest('If-Match must hold a version');
  return version;
}
