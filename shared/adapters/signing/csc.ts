import * as z from 'zod/mini';
import type { SigningOperation, SigningProvider } from '../../domain/signing.js';
import { OID } from './cms.js';

/*
 * The generic adapter of a remote-signing service speaking the Cloud Signature Consortium API v2
 * (https://cloudsignatureconsortium.org): credentials/list, credentials/info with the chain,
 * signatures/signHash of SHA-256 hashes under one authorisation, and for an authorisation the
 * signer gives on their own device, the asynchronous operation polled by its responseID. A
 * provider that answers anything else fails with a ProviderFault that says so, never with what
 * it answered (a signature value or a credential is never logged).
 */

/** What went wrong with a provider: unreachable, too slow, refused, or an answer that is not CSC. */
export class ProviderFault extends Error {}

const REQUEST_TIMEOUT_MS = 10_000;
const base64 = z.string().check(z.regex(/^[A-Za-z0-9+/]+={0,2}$/));

const listAnswer = z.object({ credentialIDs: z.array(z.string()) });
const infoAnswer = z.object({ cert: z.object({ certificates: z.array(base64).check(z.minLength(1)) }) });
const signAnswer = z.union([z.object({ signatures: z.array(base64).check(z.minLength(1)) }), z.object({ responseID: z.string().check(z.minLength(1)) })]);
const statusAnswer = z.object({
  status: z.enum(['PENDING', 'SIGNED', 'REJECTED', 'EXPIRED']),
  signatures: z.optional(z.array(base64)),
  message: z.optional(z.string()),
});

export interface CscEndpoint {
  /** The service's base URL, ending before `credentials/…`. */
  url: string;
  /** The bearer token of the product's client at the service, when it asks for one (read where it is kept, not from the configuration's text). */
  token?: () => Promise<string | undefined>;
}

export function cscProvider(endpoint: CscEndpoint): SigningProvider {
  async function authorization(): Promise<Record<string, string>> {
    if (!endpoint.token) return {};
    let token: string | undefined;
    try {
      token = (await endpoint.token())?.trim();
    } catch (error) {
      throw new ProviderFault(`the signing provider's token could not be read (${(error as Error).name})`);
    }
    if (!token) throw new ProviderFault("the signing provider's token is empty");
    return { authorization: `Bearer ${token}` };
  }

  async function call<T>(method: string, body: Record<string, unknown>, schema: z.ZodMiniType<T>): Promise<T> {
    const headers = { 'content-type': 'application/json', ...(await authorization()) };
    let response: Response;
    try {
      response = await fetch(`${endpoint.url.replace(/\/$/, '')}/${method}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new ProviderFault(
        timedOut
          ? `the signing provider did not answer ${method} within ${REQUEST_TIMEOUT_MS / 1000} s`
          : `the signing provider could not be reached (${method})`,
      );
    }
    const text = await response.text();
    if (!response.ok) throw new ProviderFault(`the signing provider refused ${method} (HTTP ${response.status})`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ProviderFault(`the signing provider answered ${method} with something that is not JSON`);
    }
    const checked = z.safeParse(schema, parsed);
    if (!checked.success) throw new ProviderFault(`the signing provider answered ${method} with something that is not a CSC answer`);
    return checked.data;
  }

  const operationOf = (operation: string, answer: z.infer<typeof statusAnswer>): SigningOperation => {
    if (answer.status === 'SIGNED') {
      if (!answer.signatures?.length) throw new ProviderFault('the signing provider said SIGNED without signatures');
      return { operation, status: 'SIGNED', signatures: answer.signatures.map((s) => Buffer.from(s, 'base64')) };
    }
    if (answer.status === 'PENDING') return { operation, status: 'PENDING' };
    return {
      operation,
      status: answer.status,
      reason: answer.message ?? (answer.status === 'REJECTED' ? 'the signer refused' : 'the signer did not confirm in time'),
    };
  };

  return {
    credentials: async (userId) => (await call('credentials/list', { userID: userId }, listAnswer)).credentialIDs,
    chain: async (credentialRef) =>
      (await call('credentials/info', { credentialID: credentialRef, certificates: 'chain', certInfo: true }, infoAnswer)).cert.certificates.map((c) =>
        Buffer.from(c, 'base64'),
      ),
    async signHashes(credentialRef, hashes, clientData) {
      const answer = await call(
        'signatures/signHash',
        {
          credentialID: credentialRef,
          hashes: hashes.map((h) => Buffer.from(h).toString('base64')),
          hashAlgorithmOID: OID.sha256,
          signAlgo: OID.rsaEncryption,
          operationMode: 'A',
          clientData,
        },
        signAnswer,
      );
      if ('signatures' in answer) {
        if (answer.signatures.length !== hashes.length) throw new ProviderFault('the signing provider answered another number of signatures than hashes');
        return { operation: clientData, status: 'SIGNED', signatures: answer.signatures.map((s) => Buffer.from(s, 'base64')) };
      }
      return { operation: answer.responseID, status: 'PENDING' };
    },
    status: async (operation) => operationOf(operation, await call('signatures/status', { responseID: operation }, statusAnswer)),
  };
}
