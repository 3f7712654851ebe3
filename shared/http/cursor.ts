import { createHmac, timingSafeEqual } from 'node:crypto';
import { badRequest } from './problem.js';

/**
 * Opaque, signed cursors bound to the list they continue (tenant and filters): tampered or
 * foreign cursors are refused. Signed with the province's cursor key
 * (shared/adapters/keys.ts `cursorKey`), which a province has from its first dossier on, before
 * which no list has a second page.
 */
export function cursors(key: string | undefined) {
  const sign = (payload: string) => {
    if (!key) throw new Error('no cursor key: the province has no dossier yet');
    return createHmac('sha256', key).update(payload).digest('base64url');
  };
  return {
    encode(tenant: string, lastKey: Record<string, unknown>): string {
      const payload = Buffer.from(JSON.stringify({ t: tenant, k: lastKey })).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    decode(tenant: string, cursor: string): Record<string, unknown> {
      const [payload = '', signature = ''] = cursor.split('.');
      if (!key) throw badRequest('the cursor is not valid');
      const expected = Buffer.from(sign(payload));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw badRequest('the cursor is not valid');
      const { t, k } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { t: string; k: Record<string, unknown> };
      if (t !== tenant) throw badRequest('the cursor belongs to another list');
      return k;
    },
  };
}
