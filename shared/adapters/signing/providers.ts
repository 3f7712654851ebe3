import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SessionMessage, SigningProvider } from '../../domain/signing.js';
import { requiredEnv } from '../aws.js';
import { QUEUE_URL_ENV, sqs } from '../queue.js';
import { certificatesOfPem } from './certificates.js';
import { cscProvider } from './csc.js';

/*
 * The province's signing configuration, from the function's environment:
 *   SIGNING_PROVIDERS      { "<name>": { "url": "<CSC base URL>" } } — the CSC services it uses
 *   SIGNING_TSA_URL        its RFC 3161 timestamp authority
 *   SIGNING_TRUST_ANCHORS  the root certificates (PEM) a signer's chain must end at
 *   SIGNING_AUTO_REGISTER  (local runtime only) the provider whose credentials are issued on
 *                          first use: `leader:<commune>:<sub>`, `seal:<commune>`
 * A bearer token of a provider is never in the environment's text of a log line.
 */

interface ProviderConfig {
  url: string;
  token?: string;
}

const providers = new Map<string, SigningProvider>();

/** The provider of that name in the province's configuration. */
export function providerNamed(name: string): SigningProvider {
  const found = providers.get(name);
  if (found) return found;
  const config = (JSON.parse(process.env.SIGNING_PROVIDERS ?? '{}') as Record<string, ProviderConfig>)[name];
  if (!config) throw new Error(`no signing provider ${name} is configured`);
  const made = cscProvider(config);
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
