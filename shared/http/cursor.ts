import { createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from './problem.js';

/** Seconds a key read from Secrets Manager is reused: a rotated key signs new cursors within this. */
export const CURSOR_KEY_MAX_AGE_S = 300;

let fetched: string | undefined;

/**
 * Reads the key that signs list cursors, per deployment so that a cursor works only where it was
 * made: on AWS from the Secrets Manager secret CURSOR_SECRET_ARN names, through Powertools
 * Parameters (cached CURSOR_KEY_MAX_AGE_S, so a rotation is honoured without a redeploy); locally
 * CURSOR_SECRET or a fixed development key. Call before encoding or decoding a cursor.
 */
export async function loadCursorKey(): Promise<void> {
  const arn = process.env.CURSOR_SECRET_ARN;
  if (!arn) return;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret(arn, { maxAge: CURSOR_KEY_MAX_AGE_S });
  if (typeof value !== 'string' || !value) throw new Error('the cursor key secret is empty');
  fetched = value;
}

const key = () => fetched ?? process.env.CURSOR_SECRET ?? 'local-cursor-key';

const sign = (payload: string) => createHmac('sha256', key()).update(payload).digest('base64url');

/** An opaque, signed cursor bound to the list it continues (tenant and filters): tampered or foreign cursors are refused. */
export function encodeCursor(tenant: string, lastKey: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify({ t: tenant, k: lastKey })).toString('base64url');
  return `${payload}.${sign(payload)}`;
}

export function decodeCursor(tenant: string, cursor: string): Record<string, unknown> {
  const [payload = '', signature = ''] = cursor.split('.');
  const expected = Buffer.from(sign(payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badRequest('the cursor is not valid');
  const { t, k } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { t: string; k: Record<string, unknown> };
  if (t !== tenant) throw badRequest('the cursor belongs to another list');
  return k;
}
