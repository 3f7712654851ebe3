import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SessionMessage, SigningProvider } from '../../domain/signing.js';
import { requiredEnv } from '../aws.js';
import { QUEUE_URL_ENV, sqs } from '../queue.js';
import { secretValue } from '../secrets.js';
import { certificatesOfPem } from './certificates.js';
import { cscProvider } from './csc.js';
import { kmsProvider } from './kms.js';

/*
 * The province's signing configuration, from the function's environment (infra/config.ts `signing`):
 *   SIGNING_PROVIDERS      the providers by name: a CSC service
 *                            { "kind": "CSC", "url": "<base URL>", "tokenSecretArn": "<secret ARN>"? }
 *                          (no kind is CSC), or AWS KMS keys and the certificate a CA issued for each
 *                            { "kind": "KMS", "keys": [{ "keyArn": "<key ARN>", "certificates": "<PEM>" }] }
 *   SIGNING_TSA_URL        its RFC 3161 timestamp authority
 *   SIGNING_TRUST_ANCHORS  the root certificates (PEM) a signer's chain must end at
 *   SIGNING_AUTO_REGISTER  (local runtime only) the provider whose credentials are issued on
 *                          first use: `leader:<commune>:<sub>`, `seal:<commune>`
 * A CSC service's bearer token is the Secrets Manager secret its entry names, read once per cold
 * start: it is never in the environment, and never in a log line.
 */

type ProviderConfig = { kind?: 'CSC'; url: string; tokenSecretArn?: string } | { kind: 'KMS'; keys: { keyArn: string; certificates: string }[] };

/** A token is read once per cold start: a rotated one is taken up by the functions started after. */
const TOKEN_MAX_AGE_S = Number.POSITIVE_INFINITY;

const providers = new Map<string, SigningProvider>();

function providerOf(config: ProviderConfig): SigningProvider {
  if (config.kind === 'KMS') return kmsProvider(config.keys.map((k) => ({ keyId: k.keyArn, certificates: k.certificates })));
  const secret = config.tokenSecretArn;
  return cscProvider({ url: config.url, ...(secret ? { token: () => secretValue(secret, TOKEN_MAX_AGE_S) } : {}) });
}

/** The provider of that name in the province's configuration. */
export function providerNamed(name: string): SigningProvider {
  const found = providers.get(name);
  if (found) return found;
  const config = (JSON.parse(process.env.SIGNING_PROVIDERS ?? '{}') as Record<string, ProviderConfig>)[name];
  if (!config) throw new Error(`no signing provider ${name} is configured`);
  const made = providerOf(config);
  providers.set(name, made);
  return made;
}

export const tsaUrl = (): string => requiredEnv('SIGNING_TSA_URL');

/** The province's trust anchors (DER); none configured, none trusted. */
export const trustAnchors = (): Uint8Array[] => certificatesOfPem(process.env.SIGNING_TRUST_ANCHORS ?? '');

/** The provider whose credentials are issued on first use, locally. */
export const autoRegistering = (): string | undefined => process.env.SIGNING_AUTO_REGISTER || undefined;

/** Sends a signing session to the delayed queue that brings it back. */
export async function sendSession(message: SessionMessage): Promise<void> {
  await sqs().send(new SendMessageCommand({ QueueUrl: requiredEnv(QUEUE_URL_ENV.SIGNING), MessageBody: JSON.stringify(message) }));
}
