/**
 * The province's signing providers as a function reads them from its environment: a KMS entry
 * chosen by name as a CSC one is, whose signatures a session looked at again from the queue gets
 * back; and a CSC service's bearer token read from the Secrets Manager secret its entry names,
 * once per cold start, and never found in the environment, a log line or an error. KMS and
 * Secrets Manager are mocked (no emulator of either); the CSC service is a server of this test.
 */
import { createServer, type Server } from 'node:http';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pemOf } from '../../shared/adapters/signing/certificates.js';
import { cscProvider, ProviderFault } from '../../shared/adapters/signing/csc.js';
import { providerNamed } from '../../shared/adapters/signing/providers.js';
import { signingEmulator } from '../support/signing.js';

const KEY = 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOKEN_SECRET = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:mot-cua/lci/ca-token-AbCdEf';
const UNREADABLE_SECRET = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:mot-cua/lci/other-token-AbCdEf';
const TOKEN = 'csc-bearer-6f1d0b9e-never-in-a-log';

const kms = mockClient(KMSClient);
const secrets = mockClient(SecretsManagerClient);
let emulator: Awaited<ReturnType<typeof signingEmulator>>;
let server: Server;
const seen: { method: string; authorization?: string }[] = [];
const written: string[] = [];

beforeAll(async () => {
  process.env.AWS_REGION ??= 'ap-southeast-1';
  emulator = await signingEmulator();
  const certificates = (await cscProvider({ url: `${emulator.url}/csc/v2` }).chain('seal:H30.01')).map((c) => pemOf(c)).join('');
  kms.on(SignCommand).resolves({ KeyId: KEY, Signature: new Uint8Array([1, 2, 3, 4]) });
  secrets.on(GetSecretValueCommand, { SecretId: TOKEN_SECRET }).resolves({ SecretString: `${TOKEN}\n` });
  secrets
    .on(GetSecretValueCommand, { SecretId: UNREADABLE_SECRET })
    .rejects(Object.assign(new Error(`denied for ${TOKEN_SECRET}`), { name: 'AccessDeniedException' }));

  // A CSC service that wants the token: it lists a credential, and refuses every signature.
  server = createServer((req, res) => {
    const method = (req.url ?? '').replace(/^\/csc\/v2\//, '');
    seen.push({ method, authorization: req.headers.authorization });
    req.resume();
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return res.writeHead(401).end();
    if (method === 'credentials/list')
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ credentialIDs: ['seal-tan-uyen'] }));
    res
      .writeHead(403, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'access_denied', error_description: `token ${TOKEN} may not sign` }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/csc/v2`;
  process.env.SIGNING_PROVIDERS = JSON.stringify({
    ca: { kind: 'CSC', url, tokenSecretArn: TOKEN_SECRET },
    other: { url, tokenSecretArn: UNREADABLE_SECRET },
    'kms-seal': { kind: 'KMS', keys: [{ keyArn: KEY, certificates }] },
  });

  // Everything the process writes from here on: the token must be in none of it.
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    vi.spyOn(stream, 'write').mockImplementation((chunk: unknown, ...rest: unknown[]) => {
      written.push(String(chunk));
      return write(chunk, ...rest);
    });
  }
}, 60_000);

afterAll(() => {
  vi.restoreAllMocks();
  kms.restore();
  secrets.restore();
  server?.close();
  emulator?.server.close();
  delete process.env.SIGNING_PROVIDERS;
});

describe("the province's signing providers", () => {
  it('choose a KMS entry by its name: it lists its keys and signs at once, with no operation to look at later', async () => {
    const provider = providerNamed('kms-seal');
    expect(providerNamed('kms-seal')).toBe(provider);
    expect(await provider.credentials('anyone')).toEqual([KEY]);
    expect(await provider.chain(KEY)).toHaveLength(2);
    const signed = await provider.signHashes(KEY, [new Uint8Array(32)], 'session-1');
    expect(signed).toMatchObject({ status: 'SIGNED', signatures: [new Uint8Array([1, 2, 3, 4])] });
    expect(kms.commandCalls(SignCommand).map((c) => c.args[0].input.KeyId)).toEqual([KEY]);
    await expect(provider.status(signed.operation)).rejects.toBeInstanceOf(ProviderFault);
    expect(() => providerNamed('nowhere')).toThrow('no signing provider nowhere is configured');
  });

  it('send a CSC service the token of the secret the entry names, read once, and say nothing of it in the environment, an error or the logs', async () => {
    const provider = providerNamed('ca');
    expect(await provider.credentials('anyone')).toEqual(['seal-tan-uyen']);
    expect(await provider.credentials('anyone')).toEqual(['seal-tan-uyen']);
    const refused = await provider.signHashes('seal-tan-uyen', [new Uint8Array(32)], 'session-2').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ProviderFault);
    expect((refused as Error).message).toBe('the signing provider refused signatures/signHash (HTTP 403)');
    expect(seen.map((s) => s.authorization)).toEqual([`Bearer ${TOKEN}`, `Bearer ${TOKEN}`, `Bearer ${TOKEN}`]);
    expect(secrets.commandCalls(GetSecretValueCommand).filter((c) => c.args[0].input.SecretId === TOKEN_SECRET)).toHaveLength(1);

    // A secret the function may not read: a provider's fault that names the cause, and no call goes out without a token.
    const unreadable = await providerNamed('other')
      .credentials('anyone')
      .catch((e: unknown) => e);
    expect(unreadable).toBeInstanceOf(ProviderFault);
    expect((unreadable as Error).message).toBe("the signing provider's token could not be read (AccessDeniedException)");
    expect(seen).toHaveLength(3);

    expect(JSON.stringify(process.env)).not.toContain(TOKEN);
    expect(written.join('')).not.toContain(TOKEN);
    for (const failure of [refused, unreadable]) expect(`${(failure as Error).message} ${(failure as Error).stack}`).not.toContain(TOKEN);
  });
});
