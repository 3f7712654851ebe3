import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The secret a citizen uses with the dossier code for the public lookup: derived from the
 * dossier id with the province's lookup key (HMAC-SHA256, 96 bits kept), so the receipt can
 * be printed again at any time while the dossier stores only its hash and nothing stores it in
 * clear. Dossiers made before it carry a random secret: their hash does not match the derived one.
 */
export const lookupSecretOf = (key: string, dossierId: string): string =>
  createHmac('sha256', key).update(`lookup-secret:${dossierId}`).digest().subarray(0, 12).toString('base64url');

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Constant-time comparison of a given secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** JSON with sorted keys, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
