/**
 * The province's lookup key against DynamoDB Local: made once by the first dossier, agreed on by
 * creators racing for it, read back by the receipt printer, and never made by a reader.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { lookupSecretOf, secretMatches, sha256 } from '../../shared/app/secrets.js';
import { localTable } from '../support/table.js';

type Keys = typeof import('../../shared/adapters/keys.js');
let keys: Keys;

beforeAll(async () => {
  (await localTable('it-keys')).client.destroy();
  keys = await import('../../shared/adapters/keys.js');
});

describe('the lookup key of a province', () => {
  it('does not exist for a reader before the first dossier makes it', async () => {
    expect(await keys.existingLookupKey(`R${randomUUID().slice(0, 6)}`)).toBeUndefined();
  });

  it('is made once: creators racing for it all get the same key, and readers read it', async () => {
    const province = `K${randomUUID().slice(0, 6)}`;
    const made = await Promise.all(Array.from({ length: 8 }, () => keys.lookupKey(province)));
    expect(new Set(made).size).toBe(1);
    expect(made[0]).toMatch(/^[\w-]{43}$/);
    expect(await keys.existingLookupKey(province)).toBe(made[0]);
  });

  it('differs between provinces', async () => {
    expect(await keys.lookupKey(`A${randomUUID().slice(0, 6)}`)).not.toBe(await keys.lookupKey(`B${randomUUID().slice(0, 6)}`));
  });
});

describe('derived lookup secrets', () => {
  const id = '3f1c2a9e-8d1b-4c55-9a0e-1b2c3d4e5f60';

  it('are the same for the same dossier and key, and differ by dossier and by key', () => {
    const secret = lookupSecretOf('key-a', id);
    expect(secret).toMatch(/^[\w-]{16}$/);
    expect(lookupSecretOf('key-a', id)).toBe(secret);
    expect(lookupSecretOf('key-a', '00000000-0000-4000-8000-000000000000')).not.toBe(secret);
    expect(lookupSecretOf('key-b', id)).not.toBe(secret);
  });

  it('open the lookup through the stored hash alone', () => {
    const secret = lookupSecretOf('key-a', id);
    expect(secretMatches(secret, sha256(secret))).toBe(true);
    expect(secretMatches(lookupSecretOf('key-b', id), sha256(secret))).toBe(false);
  });
});
