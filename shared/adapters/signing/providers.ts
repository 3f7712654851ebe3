import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SessionMessage, SigningProvider } from '../../domain/signing.js';
import { requiredEnv } from '../aws.js';
import { QUEUE_URL_ENV, sqs } from '../queue.js';
import { secretValue } from '../secrets.js';
import { certificatesOfPem } from './certificates.js';
import { cscProvider } from './csc.js';
import { kmsProvider } from './kms.js';

/*
 * The province's signing configuration (infra/config.ts `signing`):
 *   providers      by name: a CSC service
 *                    { "kind": "CSC", "url": "<base URL>", "tokenSecretArn": "<secret ARN>"? }
 *                  (no kind is CSC), or AWS KMS keys and the certificate a CA issued for each
 *                    { "kind": "KMS", "keys": [{ "keyArn": "<key ARN>", "certificates": "<PEM>" }] }
 *   tsaUrl         its RFC 3161 timestamp authority
 *   trustAnchors   the root certificates (PEM) a signer's chain must end at
 * A deployed signing function carries it in its code, compiled in at synth as the constant
 * SIGNING_CONFIG_CONSTANT (infra/stacks/service-stack.ts): a CA's roots and a KMS key's chain take
 * more than the 4 KB Lambda allows a function's whole environment. Run from the sources (the local
 * runtime, the tests), it comes from the environment instead: SIGNING_PROVIDERS (JSON),
 * SIGNING_TSA_URL, SIGNING_TRUST_ANCHORS, and SIGNING_AUTO_REGISTER, the provider whose
 * credentials are issued on first use (`leader:<commune>:<sub>`, `seal:<commune>`).
 * A CSC service's bearer token is the Secrets Manager secret its entry names, read once per cold
 * start: it is never in the configuration, and never in a log line.
 */

type ProviderConfig = { kind?: 'CSC'; url: string; tokenSecretArn?: string } | { kind: 'KMS'; keys: { keyArn: string; certificates: string }[] };

export interface SigningConfiguration {
  providers: Record<string, ProviderConfig>;
  tsaUrl: string;
  trustAnchors: string;
}

/** The global name bundling defines as the configuration (JSON), for the signing functions only. */
export const SIGNING_CONFIG_CONSTANT = '__SIGNING_CONFIG__';
declare const __SIGNING_CONFIG__: SigningConfiguration | undefined;
const compiledIn = typeof __SIGNING_CONFIG__ === 'undefined' ? undefined : __SIGNING_CONFIG__;

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
  const config = (compiledIn?.providers ?? (JSON.parse(process.env.SIGNING_PROVIDERS ?? '{}') as Record<string, ProviderConfig>))[name];
  if (!config) throw new Error(`no signing provider ${name} is configured`);
  const made = providerOf(config);
  providers.set(name, made);
  return made;
}

export const tsaUrl = (): string => compiledIn?.tsaUrl ?? requiredEnv('SIGNING_TSA_URL');

/** The province's trust anchors (DER); none configured, none trusted. */
export const trustAnchors = (): Uint8Array[] => certificatesOfPem(compiledIn?.trustAnchors ?? process.env.SIGNING_TRUST_ANCHORS ?? '');

/** The provider whose credentials are issued on first use, locally. */
export const autoRegistering = (): string | undefined => process.env.SIGNING_AUTO_REGISTER || undefined;

/** Sends a signing session to the delayed queue that brings it back. */
export async function sendSession(message: SessionMessage): Promise<void> {
  await sqs().send(new SendMessageCommand({ QueueUrl: requiredEnv(QUEUE_URL_ENV.SIGNING), MessageBody: JSON.stringify(message) }));
}
