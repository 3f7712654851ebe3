import { badRequest } from './problem.js';

/** The version a mutation is based on: `expectedVersion` from the body, else If-Match ("3", W/"3" or 3). */
export function expectedVersionOf(expectedVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  if (expectedVersion !== undefined) return expectedVersion;
  if (ifMatch === undefined) return undefined;
  const version = Number(ifMatch.replace(/^W\//, '').replaceAll('"', ''));
  if (!Number.isInteger(version) || version < 0) throw badRequest('If-Match must hold a version');
  return version;
}
