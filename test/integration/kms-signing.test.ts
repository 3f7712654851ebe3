/**
 * The KMS signing provider: the digest goes to KMS (mocked here: there is no KMS emulator), the
 * signature value comes back and verifies with the public key of the key's certificate, and a
 * PAdES signature made with it reads valid. KMS's answers are made with a key of this test.
 */
import { constants, createPrivateKey, createPublicKey, privateEncrypt, verify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemOf } from '../../shared/adapters/signing/certificates.js';
import { sha256, SHA256_DIGEST_INFO } from '../../shared/adapters/signing/cms.js';
import { cscProvider, ProviderFault } from '../../shared/adapters/signing/csc.js';
import { kmsProvider } from '../../shared/adapters/signing/kms.js';
import { pades } from '../../shared/adapters/signing/pades.js';
import { draftPdf, signingEmulator } from '../support/signing.js';

const kms = mockClient(KMSClient);
const KEY = 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
let certificatePem: string;

let emulator: Awaited<ReturnType<typeof signingEmulator>>;

beforeAll(async () => {
  process.env.AWS_REGION ??= 'ap-southeast-1';
  // The key and the certificate a CA issued for it: the emulated CA's seal credential stands in for both.
  emulator = await signingEmulator();
  const provider = cscProvider({ url: `${emulator.url}/csc/v2` });
  certificatePem = (await provider.chain('seal:H30.01')).map((c) => pemOf(c)).join('');
  const stored = JSON.parse(readFileSync(join(emulator.dir, 'signing-ca.json'), 'utf8')) as { credentials: Record<string, { key: string }> };
  const key = createPrivateKey(stored.credentials['seal:H30.01']!.key);
  // KMS signs a DIGEST with RSASSA_PKCS1_V1_5_SHA_256: PKCS#1 v1.5 over the DigestInfo of the given hash.
  kms.on(SignCommand).callsFake((input: { KeyId: string; Message: Uint8Array; MessageType: string; SigningAlgorithm: string }) => {
    if (input.KeyId !== KEY || input.MessageType !== 'DIGEST' || input.SigningAlgorithm !== 'RSASSA_PKCS1_V1_5_SHA_256') throw new Error('unexpected');
    return {
      KeyId: KEY,
      Signature: privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(input.Message)])),
    };
  });
}, 60_000);
afterAll(() => {
  kms.restore();
  emulator?.server.close();
});

describe('the KMS signing provider', () => {
  it("signs a hash at once: the value verifies with the certificate's public key, and a PAdES signature with it reads valid", async () => {
    const provider = kmsProvider([{ keyId: KEY, certificates: certificatePem }]);
    expect(await provider.credentials('anyone')).toEqual([KEY]);
    const chain = await provider.chain(KEY);
    const publicKey = new X509Certificate(chain[0]!).publicKey;
    const data = Buffer.from('kết quả giải quyết');
    const operation = await provider.signHashes(KEY, [sha256(data)], 'session-1');
    expect(operation.status).toBe('SIGNED');
    const [value] = (operation as { signatures: Uint8Array[] }).signatures;
    expect(verify('sha256', data, publicKey, value!)).toBe(true);
    expect(verify('sha256', Buffer.from('something else'), createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), value!)).toBe(false);
    expect(kms.commandCalls(SignCommand)[0]!.args[0].input).toMatchObject({ KeyId: KEY, MessageType: 'DIGEST' });
    // Nothing is left to look at later: a leader's session keeps the values it was given.
    await expect(provider.status(operation.operation)).rejects.toThrow('KMS signs at once');
    expect(kms.commandCalls(SignCommand)).toHaveLength(1);

    const file = await draftPdf();
    const field = { name: 'SEAL', signer: 'UBND xã Tân Uyên', reason: 'Đóng dấu', location: 'Tân Uyên', at: new Date('2026-03-05T02:00:00Z') };
    const prepared = await pades.prepare(file, field, chain);
    const sealed = await provider.signHashes(KEY, [prepared.hash], 'session-2');
    const signed = await pades.complete(file, field, {
      digest: prepared.digest,
      chain,
      signatureValue: (sealed as { signatures: Uint8Array[] }).signatures[0]!,
    });
    expect(pades.read(signed).map((s) => [s.field, s.valid, s.coversDocument])).toEqual([['SEAL', true, true]]);
  });

  it('fails with a ProviderFault that names the key, never what was signed, when KMS refuses', async () => {
    kms.on(SignCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    const provider = kmsProvider([{ keyId: KEY, certificates: certificatePem }]);
    const failure = await provider.signHashes(KEY, [sha256(Buffer.from('x'))], 'session-3').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProviderFault);
    expect((failure as Error).message).toBe(`KMS did not sign with ${KEY} (AccessDeniedException)`);
    await expect(provider.chain('another-key')).rejects.toBeInstanceOf(ProviderFault);
  });
});
