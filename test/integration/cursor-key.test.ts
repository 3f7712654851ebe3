/**
 * The cursor key against DynamoDB Local: none before a province's first dossier (a cursor is then
 * refused, never signed with a default), then derived from the province's lookup key — the same
 * in every function that reads it, apart from the lookup key itself, different per province.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { cursors } from '../../shared/http/cursor.js';
import { localTable } from '../support/table.js';

type Keys = typeof import('../../shared/adapters/keys.js');
let keys: Keys;

beforeAll(async () => {
  (await localTable('it-cursor')).client.destroy();
  keys = await import('../../shared/adapters/keys.js');
});

const province = () => `Q${randomUUID().slice(0, 6)}`;

describe('the cursor key of a province', () => {
  it('does not exist before its first dossier: a cursor is refused with a 400, none is signed', async () => {
    const p = province();
    const none = cursors(await keys.cursorKey(p));
    expect(() => none.decode('C#H30.01', 'eyJ0IjoiQyNIMzAuMDEiLCJrIjp7fX0.AAAA')).toThrow(/not valid/);
    expect(() => none.encode('C#H30.01', { PK: 'a' })).toThrow(/no cursor key/);
    // Reading it made nothing: the lookup key is still the first dossier's to make.
    expect(await keys.existingLookupKey(p)).toBeUndefined();
  });

  it('is derived from the lookup key: stable, not the lookup key, and a cursor reads back only in its own province and list', async () => {
    const p = province();
    const lookup = await keys.lookupKey(p);
    const key = await keys.cursorKey(p);
    expect(key).toMatch(/^[\w-]{43}$/);
    expect(key).not.toBe(lookup);
    expect(await keys.cursorKey(p)).toBe(key);

    const signed = cursors(key);
    const cursor = signed.encode('C#H30.01', { PK: 'a', SK: 'b' });
    expect(cursors(await keys.cursorKey(p)).decode('C#H30.01', cursor)).toEqual({ PK: 'a', SK: 'b' });
    expect(() => signed.decode('C#H30.02', cursor)).toThrow(/another list/);
    const [payload] = cursor.split('.');
    expect(() => signed.decode('C#H30.01', `${payload}.${'A'.repeat(43)}`)).toThrow(/not valid/);

    const elsewhere = province();
    await keys.lookupKey(elsewhere);
    const foreign = cursors(await keys.cursorKey(elsewhere));
    expect(() => foreign.decode('C#H30.01', cursor)).toThrow(/not valid/);
  });
});
