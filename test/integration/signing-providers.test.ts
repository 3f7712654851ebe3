/**
 * The province's signing providers as a function reads them from its environment: a KMS entry
 * chosen by name as a CSC one is, whose signatures a session looked at again from the queue gets
 * back. KMS is mocked (there is no KMS emulator).
 */
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemOf } from '../../shared/adapters/signing/certificates.js';
import { cscProvider, ProviderFault } from '../../shared/adapters/signing/csc.js';
import { providerNamed } from '../../shared/adapters/signing/providers.js';
import { signingEmulator } from '../support/signing.js';

const KEY = 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const kms = mockClient(KMSClient);
let emulator: Awaited<ReturnType<typeof signingEmulator>>;

beforeAll(async () => {
  process.env.AWS_REGION ??= 'ap-southeast-1';
  emulator = await signingEmulator();
  const certificates = (await cscProvider({ url: `${emulator.url}/csc/v2` }).chain('seal:H30.01')).map((c) => pemOf(c)).join('');
  kms.on(SignCommand).resolves({ KeyId: KEY, Signature: new Uint8Array([1, 2, 3, 4]) });
  process.env.SIGNING_PROVIDERS = JSON.stringify({
    'kms-seal': { kind: 'KMS', keys: [{ keyArn: KEY, certificates }] },
  });
}, 60_000);

afterAll(() => {
  kms.restore();
  emulator?.server.close();
  delete process.env.SIGNING_PROVIDERS;
});

describe("the province's signing providers", () => {
  it('choose a KMS entry by its name: it lists its keys and signs at once, and its operation gives the signature back when looked at again', async () => {
    const provider = providerNamed('kms-seal');
    expect(providerNamed('kms-seal')).toBe(provider);
    expect(await provider.credentials('anyone')).toEqual([KEY]);
    expect(await provider.chain(KEY)).toHaveLength(2);
    const signed = await provider.signHashes(KEY, [new Uint8Array(32)], 'session-1');
    expect(signed).toMatchObject({ status: 'SIGNED', signatures: [new Uint8Array([1, 2, 3, 4])] });
    expect(kms.commandCalls(SignCommand).map((c) => c.args[0].input.KeyId)).toEqual([KEY]);
    // The leader's session is completed by the queue's consumer, another function: the operation alone brings the values back.
    const again = await provider.status(signed.operation);
    expect(again.status).toBe('SIGNED');
    expect((again as { signatures: Uint8Array[] }).signatures.map((s) => [...s])).toEqual([[1, 2, 3, 4]]);
    await expect(provider.status('session-1')).rejects.toBeInstanceOf(ProviderFault);
    expect(() => providerNamed('nowhere')).toThrow('no signing provider nowhere is configured');
  });
});
