/**
 * A secret read at run time (the national portal's account, the Zalo token): kept while fresh,
 * read again once older than its age, each secret on its own. There is no Secrets Manager
 * emulator here, so its answers are mocked.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { secretValue } from '../../shared/adapters/secrets.js';

const ONE = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:one-AbCdEf';
const TWO = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:two-AbCdEf';
const secrets = mockClient(SecretsManagerClient);

beforeAll(() => {
  process.env.AWS_REGION ??= 'ap-southeast-1';
});
afterEach(() => vi.useRealTimers());
afterAll(() => secrets.restore());

describe('a secret read at run time', () => {
  it('is read once while fresh, again once older than its age, and each secret on its own', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-02T08:00:00Z'), toFake: ['Date'] });
    secrets.on(GetSecretValueCommand, { SecretId: ONE }).resolves({ SecretString: 'first' });
    secrets.on(GetSecretValueCommand, { SecretId: TWO }).resolves({ SecretString: 'other' });
    expect(await secretValue(ONE, 300)).toBe('first');
    expect(await secretValue(TWO, 300)).toBe('other');

    // Rotated: within its age the kept value answers and nothing is asked.
    secrets.on(GetSecretValueCommand, { SecretId: ONE }).resolves({ SecretString: 'second' });
    const calls = secrets.commandCalls(GetSecretValueCommand).length;
    vi.setSystemTime(Date.now() + 299_000);
    expect(await secretValue(ONE, 300)).toBe('first');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(calls);

    vi.setSystemTime(Date.now() + 2_000);
    expect(await secretValue(ONE, 300)).toBe('second');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(calls + 1);
  });
});
