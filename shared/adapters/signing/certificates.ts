import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { CertificateFacts } from '../../domain/signing.js';

/*
 * What the product checks of a certificate, read from its DER: names, validity, fingerprint, key
 * usage, and whether its chain ends at one of the province's trust anchors.
 */

const KEY_USAGE = '2.5.29.15';

const toPem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`.replace(/\n\n/g, '\n');

export const pemOf = toPem;

/** The DER certificates of a PEM text (one or more). */
export function certificatesOfPem(pem: string): Buffer[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----([^-]+)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64'));
}

/** Whether `chain` (the certificate first, then whatever it came with) leads to one of `anchors`, each link signed by the next. */
function chainsTo(chain: X509Certificate[], anchors: X509Certificate[], at: Date): boolean {
  let current = chain[0]!;
  const pool = [...chain.slice(1), ...anchors];
  for (let depth = 0; depth < 8; depth++) {
    if (anchors.some((a) => a.fingerprint256 === current.fingerprint256)) return true;
    const issuer = pool.find((c) => c.fingerprint256 !== current.fingerprint256 && current.checkIssued(c) && current.verify(c.publicKey));
    if (!issuer) return false;
    if (new Date(issuer.validFrom) > at || new Date(issuer.validTo) < at) return false;
    current = issuer;
  }
  return false;
}

/** The facts the signing rules (shared/domain/signing.ts) judge a certificate by. */
export function certificateFacts(chain: Uint8Array[], anchors: Uint8Array[], at: Date): CertificateFacts {
  const certificates = chain.map((c) => new X509Certificate(c));
  const leaf = certificates[0]!;
  const usage = pkijs.Certificate.fromBER(chain[0]!).extensions?.find((e) => e.extnID === KEY_USAGE)?.parsedValue;
  return {
    subject: leaf.subject.split('\n').join(', '),
    issuer: leaf.issuer.split('\n').join(', '),
    fingerprint: leaf.fingerprint256.replace(/:/g, '').toLowerCase(),
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
    // The first two bits of KeyUsage (RFC 5280 §4.2.1.3): digitalSignature, nonRepudiation.
    digitalSignature: usage instanceof asn1js.BitString && ((usage.valueBlock.valueHexView[0] ?? 0) & 0xc0) !== 0,
    chainsToAnchor: chainsTo(
      certificates,
      anchors.map((a) => new X509Certificate(a)),
      at,
    ),
  };
}
