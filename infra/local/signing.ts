import { constants, createPrivateKey, privateEncrypt, randomUUID, webcrypto, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { pemOf } from '../../shared/adapters/signing/certificates.js';
import {
  assembleSignedData,
  grantedTimestamp,
  OID,
  requestedImprint,
  sha256,
  SHA256_DIGEST_INFO,
  signedAttributes,
  tstInfo,
} from '../../shared/adapters/signing/cms.js';

/*
 * The local stand-in of a CA's remote-signing service and timestamp authority, speaking the
 * profile of the Cloud Signature Consortium API v2 the CSC adapter speaks
 * (shared/adapters/signing/csc.ts), under /_local/signing/csc/v2/:
 *   credentials/list  { userID }                         → { credentialIDs }
 *   credentials/info  { credentialID }                   → { cert: { certificates: [base64 DER…] }, key: { algo } }
 *   signatures/signHash { credentialID, hashes, clientData } → { responseID } (a person's key: the phone asks them)
 *                                                          or { signatures } (the commune's seal: no one to ask;
 *                                                          a person's key too under `immediate`)
 *   signatures/status { responseID }                     → { status: PENDING | SIGNED | REJECTED | EXPIRED, signatures? }
 * Its test root ("Một Cửa Test Root") is made once in the data folder; a credential is issued on
 * first use: `seal:<commune>` for a commune's seal, `leader:<commune>:<sub>` for an official.
 * The emulated phone confirms after two polls unless told otherwise:
 *   GET  /_local/signing/trust-anchor                           the root (PEM)
 *   PUT  /_local/signing/behaviour { confirm: auto | manual | reject | expire | garbage | immediate }
 *   POST /_local/signing/{sid}/confirm                          confirms a waiting session now
 *   POST /_local/signing/tsa                                    RFC 3161 (application/timestamp-query)
 */

const FILE = 'signing-ca.json';
const ALGORITHM = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const TSA_POLICY = '1.3.6.1.4.1.99999.1.1';
const POLLS_BEFORE_CONFIRM = 2;
const YEAR_MS = 365 * 24 * 3600 * 1000;
/**
 * `garbage`: the service answers a status that is no CSC answer at all (a provider's fault).
 * `immediate`: it signs a person's hash at once, asking no authorisation (a service whose signer
 * authorised the product beforehand): there is no operation to ask about afterwards.
 */
export const CONFIRMS = ['auto', 'manual', 'reject', 'expire', 'garbage', 'immediate'] as const;
type Confirm = (typeof CONFIRMS)[number];

interface Issued {
  /** PKCS#8 PEM. */
  key: string;
  /** The certificate, then its issuer's, to the root (PEM each). */
  chain: string[];
}

interface Stored {
  root: Issued;
  tsa: Issued;
  credentials: Record<string, Issued>;
  serial: number;
}

interface Operation {
  id: string;
  clientData?: string;
  credentialID: string;
  hashes: string[];
  polls: number;
  status: 'PENDING' | 'SIGNED' | 'REJECTED' | 'EXPIRED';
}

const pkcs8 = async (key: webcrypto.CryptoKey) =>
  `-----BEGIN PRIVATE KEY-----\n${Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key))
    .toString('base64')
    .replace(/.{64}/g, '$&\n')}\n-----END PRIVATE KEY-----\n`;
const importKey = (pem: string) =>
  webcrypto.subtle.importKey('pkcs8', Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'), ALGORITHM, false, ['sign']);
const derOf = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');

const [CN, OU, O, C] = ['2.5.4.3', '2.5.4.11', '2.5.4.10', '2.5.4.6'];
const distinguishedName = (parts: [string, string][]) =>
  new pkijs.RelativeDistinguishedNames({
    typesAndValues: parts.map(
      ([type, value]) =>
        new pkijs.AttributeTypeAndValue({ type, value: type === C ? new asn1js.PrintableString({ value }) : new asn1js.Utf8String({ value }) }),
    ),
  });
const extension = (extnID: string, value: { toSchema(): { toBER(): ArrayBuffer } } | asn1js.BitString) =>
  new pkijs.Extension({ extnID, critical: true, extnValue: ('toSchema' in value ? value.toSchema() : value).toBER() });
const basicConstraints = (cA: boolean) => extension('2.5.29.19', new pkijs.BasicConstraints({ cA, ...(cA ? { pathLenConstraint: 0 } : {}) }));
/** KeyUsage bits (RFC 5280 §4.2.1.3), the first byte of the bit string and how many of its bits are unused. */
const keyUsage = (bits: number, unusedBits: number) => extension('2.5.29.15', new asn1js.BitString({ valueHex: new Uint8Array([bits]), unusedBits }));
const timeStamping = () => extension('2.5.29.37', new pkijs.ExtKeyUsage({ keyPurposes: ['1.3.6.1.5.5.7.3.8'] }));

/** An RSA PKCS#1 v1.5 signature of a SHA-256 hash, as a token signs it. */
const signHash = (key: KeyObject, hash: Buffer) => privateEncrypt({ key, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, hash]));

export async function localSigning(dataDir: string | undefined, communes: { code: string; name: string }[]) {
  pkijs.setEngine(
    'node',
    new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] }),
  );
  const file = dataDir ? join(dataDir, FILE) : undefined;
  const save = () => {
    if (!file) return;
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, JSON.stringify(stored));
  };
  const now = () => new Date();

  /** A certificate for a new RSA key, signed by `issuer` (self-signed without one), with the chain above it. */
  async function issue(subject: [string, string][], issuer: Issued | undefined, extensions: pkijs.Extension[], years: number): Promise<Issued> {
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const certificate = new pkijs.Certificate();
    certificate.version = 2;
    stored.serial += 1;
    certificate.serialNumber = new asn1js.Integer({ value: stored.serial });
    const issuerCertificate = issuer ? pkijs.Certificate.fromBER(derOf(issuer.chain[0]!)) : undefined;
    certificate.subject = distinguishedName(subject);
    certificate.issuer = issuerCertificate ? issuerCertificate.subject : distinguishedName(subject);
    const notBefore = new Date(now().getTime() - 24 * 3600 * 1000);
    certificate.notBefore.value = notBefore;
    certificate.notAfter.value = new Date(notBefore.getTime() + years * YEAR_MS);
    certificate.extensions = extensions;
    await certificate.subjectPublicKeyInfo.importKey(keys.publicKey as unknown as Parameters<pkijs.PublicKeyInfo['importKey']>[0]);
    await certificate.sign((issuer ? await importKey(issuer.key) : keys.privateKey) as unknown as Parameters<pkijs.Certificate['sign']>[0], 'SHA-256');
    const pem = pemOf(Buffer.from(certificate.toSchema().toBER()));
    return { key: await pkcs8(keys.privateKey), chain: [pem, ...(issuer?.chain ?? [])] };
  }

  let stored: Stored = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Stored) : (undefined as unknown as Stored);
  if (!stored) {
    stored = { serial: 1, credentials: {} } as unknown as Stored;
    stored.root = await issue(
      [
        [CN, 'Một Cửa Test Root'],
        [O, 'Một Cửa'],
        [C, 'VN'],
      ],
      undefined,
      [basicConstraints(true), keyUsage(0x06, 1)],
      10,
    );
    stored.tsa = await issue(
      [
        [CN, 'Một Cửa Test TSA'],
        [O, 'Một Cửa'],
        [C, 'VN'],
      ],
      stored.root,
      [basicConstraints(false), keyUsage(0x80, 7), timeStamping()],
      5,
    );
    save();
  }

  /** The credential of an id, issued on first use (a seal names its commune; an official is named by their sub). */
  async function credential(id: string): Promise<Issued | undefined> {
    const existing = stored.credentials[id];
    if (existing) return existing;
    const [kind, commune, sub] = id.split(':');
    const known = communes.find((c) => c.code === commune);
    if (!known || (kind === 'leader' ? !sub : kind !== 'seal' || sub !== undefined)) return undefined;
    const subject: [string, string][] =
      kind === 'seal'
        ? [
            [CN, `Ủy ban nhân dân xã ${known.name}`],
            [OU, known.code],
            [O, 'Một Cửa'],
            [C, 'VN'],
          ]
        : [
            [CN, sub!],
            [OU, `Lãnh đạo UBND xã ${known.name}`],
            [O, 'Một Cửa'],
            [C, 'VN'],
          ];
    const issued = await issue(subject, stored.root, [basicConstraints(false), keyUsage(0xc0, 6)], 2);
    stored.credentials[id] = issued;
    save();
    return issued;
  }

  let confirm: Confirm = 'auto';
  const operations = new Map<string, Operation>();
  const signatures = (op: Operation) => {
    const key = createPrivateKey(stored.credentials[op.credentialID]!.key);
    return op.hashes.map((h) => signHash(key, Buffer.from(h, 'base64')).toString('base64'));
  };

  /** The phone's answer at this poll, under the behaviour set. */
  function poll(op: Operation) {
    if (op.status === 'PENDING') {
      op.polls += 1;
      if (confirm === 'reject') op.status = 'REJECTED';
      else if (confirm === 'expire') op.status = 'EXPIRED';
      else if (confirm === 'auto' && op.polls >= POLLS_BEFORE_CONFIRM) op.status = 'SIGNED';
    }
    return {
      status: op.status,
      ...(op.status === 'SIGNED' ? { signatures: signatures(op) } : {}),
      ...(op.status === 'REJECTED' ? { message: 'Người ký đã từ chối trên thiết bị' } : {}),
      ...(op.status === 'EXPIRED' ? { message: 'Hết thời gian chờ xác nhận trên thiết bị ký' } : {}),
    };
  }

  let tsaSerial = 0;
  async function timestamp(request: Buffer): Promise<Buffer> {
    const tsa = stored.tsa;
    const info = tstInfo(requestedImprint(request), ++tsaSerial, now(), TSA_POLICY);
    const chain = tsa.chain.map(derOf);
    const { attributes, hash } = signedAttributes(sha256(info), chain[0]!, OID.tstInfo);
    const token = assembleSignedData({
      chain,
      attributes,
      signatureValue: signHash(createPrivateKey(tsa.key), hash),
      content: { type: OID.tstInfo, bytes: info },
    });
    return grantedTimestamp(token);
  }

  type Answer = { status: number; body?: unknown; binary?: Buffer; problem?: string };

  async function csc(method: string, body: Record<string, unknown>): Promise<Answer> {
    if (method === 'credentials/list') {
      const user = String(body.userID ?? '');
      return { status: 200, body: { credentialIDs: Object.keys(stored.credentials).filter((id) => id.endsWith(`:${user}`)) } };
    }
    const id = String(body.credentialID ?? '');
    if (method === 'credentials/info') {
      const found = await credential(id);
      if (!found) return { status: 400, body: { error: 'invalid_request', error_description: 'unknown credentialID' } };
      return {
        status: 200,
        body: {
          key: { status: 'enabled', algo: [OID.rsaEncryption], len: 2048 },
          cert: { status: 'valid', certificates: found.chain.map((c) => derOf(c).toString('base64')) },
          authMode: 'explicit',
        },
      };
    }
    if (method === 'signatures/signHash') {
      const found = await credential(id);
      const hashes = Array.isArray(body.hashes) ? body.hashes.map(String) : [];
      if (!found || hashes.length === 0) return { status: 400, body: { error: 'invalid_request', error_description: 'credentialID and hashes are required' } };
      const op: Operation = {
        id: randomUUID(),
        credentialID: id,
        hashes,
        polls: 0,
        status: 'PENDING',
        ...(body.clientData ? { clientData: String(body.clientData) } : {}),
      };
      if (id.startsWith('seal:') || confirm === 'immediate') return { status: 200, body: { signatures: signatures(op) } };
      operations.set(op.id, op);
      return { status: 200, body: { responseID: op.id } };
    }
    if (method === 'signatures/status') {
      const op = operations.get(String(body.responseID ?? ''));
      if (!op) return { status: 400, body: { error: 'invalid_request', error_description: 'unknown responseID' } };
      if (confirm === 'garbage') return { status: 200, body: { state: 'who knows', signatures: 42 } };
      return { status: 200, body: poll(op) };
    }
    return { status: 404, problem: `no CSC method ${method}` };
  }

  return {
    trustAnchor: () => stored.root.chain[0]!,
    /** The seal credential of each commune, and a leader's credential, by the ids the registry keeps. */
    sealCredential: (commune: string) => `seal:${commune}`,
    leaderCredential: (commune: string, sub: string) => `leader:${commune}:${sub}`,
    /** The runtime's answer to a request under /_local/signing/, or undefined when it is not one. */
    async route(method: string, path: string, body: () => Promise<Buffer>): Promise<Answer | undefined> {
      if (!path.startsWith('/_local/signing/')) return undefined;
      const rest = path.slice('/_local/signing/'.length);
      if (method === 'GET' && rest === 'trust-anchor') return { status: 200, binary: Buffer.from(stored.root.chain[0]!) };
      if (method === 'POST' && rest === 'tsa') {
        try {
          return { status: 200, binary: await timestamp(await body()) };
        } catch {
          return { status: 400, problem: 'not an RFC 3161 timestamp request' };
        }
      }
      const json = async () => JSON.parse((await body()).toString('utf8') || '{}') as Record<string, unknown>;
      if (method === 'PUT' && rest === 'behaviour') {
        const next = (await json()).confirm;
        if (!CONFIRMS.includes(next as Confirm)) return { status: 400, problem: `confirm must be one of ${CONFIRMS.join(', ')}` };
        confirm = next as Confirm;
        return { status: 200, body: { confirm } };
      }
      const confirmed = /^([\w-]+)\/confirm$/.exec(rest);
      if (method === 'POST' && confirmed) {
        const op = [...operations.values()].find((o) => o.clientData === confirmed[1] || o.id === confirmed[1]);
        if (!op) return { status: 404, problem: `no signing ${confirmed[1]} waits on the phone` };
        if (op.status === 'PENDING') op.status = 'SIGNED';
        return { status: 200, body: { id: confirmed[1], status: op.status } };
      }
      if (method === 'POST' && rest.startsWith('csc/v2/')) return csc(rest.slice('csc/v2/'.length), await json());
      return { status: 404, problem: `no local endpoint ${method} ${path}` };
    },
  };
}

export type LocalSigning = Awaited<ReturnType<typeof localSigning>>;
