import { KMSClient, SignCommand, type SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import type { SigningOperation, SigningProvider } from '../../domain/signing.js';
import { certificatesOfPem } from './certificates.js';
import { keyAlgorithmOf } from './cms.js';
import { ProviderFault } from './csc.js';

/*
 * A signing provider over an AWS KMS asymmetric key (SIGN_VERIFY) and the certificate a CA issued
 * for its public key: for pilots, and for an organisation's seal where the CA allows the key to
 * live in KMS. KMS signs a SHA-256 digest at once (no one to ask), so every signHash answers
 * SIGNED and there is no operation to look at later (a session keeps the values it was given:
 * shared/app/signing.ts). The key never leaves KMS; a failure says what failed, never what was signed.
 */

export interface KmsCredential {
  /** The key's ARN (or id, in the function's own region): the credential's reference. */
  keyId: string;
  /** The key's certificate, then the rest of its chain (PEM). */
  certificates: string;
}

const clients = new Map<string, KMSClient>();
/** The client of the key's region: a key ARN names it; a bare key id is in the function's own. */
function kms(keyId: string): KMSClient {
  const region = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(keyId)?.[1] ?? '';
  let client = clients.get(region);
  if (!client) clients.set(region, (client = new KMSClient(region ? { region } : {})));
  return client;
}

export function kmsProvider(credentials: KmsCredential[]): SigningProvider {
  const credential = (ref: string) => {
    const found = credentials.find((c) => c.keyId === ref);
    if (!found) throw new ProviderFault(`no KMS key ${ref} is configured`);
    return found;
  };
  const chainOf = (ref: string) => certificatesOfPem(credential(ref).certificates);

  async function sign(ref: string, hash: Uint8Array): Promise<Uint8Array> {
    const algorithm: SigningAlgorithmSpec = keyAlgorithmOf(chainOf(ref)[0]!) === 'EC' ? 'ECDSA_SHA_256' : 'RSASSA_PKCS1_V1_5_SHA_256';
    let answer;
    try {
      answer = await kms(ref).send(new SignCommand({ KeyId: ref, Message: hash, MessageType: 'DIGEST', SigningAlgorithm: algorithm }));
    } catch (error) {
      throw new ProviderFault(`KMS did not sign with ${ref} (${(error as Error).name})`);
    }
    if (!answer.Signature?.length) throw new ProviderFault(`KMS answered no signature for ${ref}`);
    return answer.Signature;
  }

  return {
    credentials: async () => credentials.map((c) => c.keyId),
    chain: async (ref) => chainOf(ref),
    async signHashes(ref, hashes, clientData): Promise<SigningOperation> {
      const signatures: Uint8Array[] = [];
      for (const hash of hashes) signatures.push(await sign(ref, hash));
      return { operation: clientData, status: 'SIGNED', signatures };
    },
    status(): Promise<SigningOperation> {
      return Promise.reject(new ProviderFault('KMS signs at once: it has no operation to look at later'));
    },
  };
}
