import { createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from './problem.js';

/** The key that signs list cursors; set per deployment, so a cursor works only where it was made. */
const key = () => process.env.CURSOR_SECRET ?? 'local-cursor-key';

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
