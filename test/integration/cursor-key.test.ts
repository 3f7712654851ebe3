/**
 * The cursor key read at run time from Secrets Manager through Powertools Parameters, cached and
 * rotated. There is no Secrets Manager emulator here, so its answers are mocked.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CURSOR_KEY_MAX_AGE_S, decodeCursor, encodeCursor, loadCursorKey } from '../../shared/http/cursor.js';

const ARN = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:CursorSecret-AbCdEf';
const secrets = mockClient(SecretsManagerClient);

beforeAll(() => {
  process.env.CURSOR_SECRET_ARN = ARN;
  process.env.AWS_REGION ??= 'ap-southeast-1';
});
afterEach(() => vi.useRealTimers());
afterAll(() => {
  delete process.env.CURSOR_SECRET_ARN;
  secrets.restore();
});

describe('the cursor key', () => {
  it('is read from the secret, reused while cached, and a rotation signs new cursors once the cache expires', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T08:00:00Z'), toFake: ['Date'] });
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'key-one' });
    await loadCursorKey();
    const first = encodeCursor('C#H30.01', { PK: 'a' });
    expect(decodeCursor('C#H30.01', first)).toEqual({ PK: 'a' });

    // Rotated: within the cache the old key still answers, and no call is made.
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'key-two' });
    const calls = secrets.commandCalls(GetSecretValueCommand).length;
    await loadCursorKey();
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(calls);
    expect(encodeCursor('C#H30.01', { PK: 'a' })).toBe(first);

    vi.setSystemTime(Date.now() + (CURSOR_KEY_MAX_AGE_S + 1) * 1000);
    await loadCursorKey();
    const second = encodeCursor('C#H30.01', { PK: 'a' });
    expect(second).not.toBe(first);
    expect(decodeCursor('C#H30.01', second)).toEqual({ PK: 'a' });
    // A cursor signed with the old key ends its paging session with a 400, nothing worse.
    expect(() => decodeCursor('C#H30.01', first)).toThrow(/not valid/);
  });

  it('refuses to sign with an empty secret', async () => {
    vi.useFakeTimers({ now: Date.parse('2030-01-01T00:00:00Z'), toFake: ['Date'] });
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: '' });
    await expect(loadCursorKey()).rejects.toThrow(/empty/);
  });
});
