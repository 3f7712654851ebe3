import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

/*
 * CMS (RFC 5652) as PAdES and RFC 3161 use it: the signed attributes a provider signs the hash of,
 * the SignedData assembled around its signature value, and the reading of one back. The key never
 * comes here: only hashes leave, signature values come back.
 */

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
} as const;

export const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/** The DigestInfo prefix of a SHA-256 hash (RFC 8017 §9.2): what an RSA PKCS#1 v1.5 signature of a hash signs. */
export const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

const toBuffer = (view: ArrayBuffer | ArrayBufferView): Buffer =>
  view instanceof ArrayBuffer ? Buffer.from(view) : Buffer.from(view.buffer, view.byteOffset, view.byteLength);
const der = (schema: { toBER(): ArrayBuffer }): Buffer => Buffer.from(schema.toBER());
const sha256Algorithm = () => new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });

/** The key algorithm of a certificate, which names the signature algorithm of the CMS. */
export type KeyAlgorithm = 'RSA' | 'EC';
export const keyAlgorithmOf = (certificate: Uint8Array): KeyAlgorithm => (new X509Certificate(certificate).publicKey.asymmetricKeyType === 'ec' ? 'EC' : 'RSA');

/**
 * The signed attributes of a CAdES signature (content type, message digest, the signer's
 * certificate by its hash — ETSI EN 319 122's signing-certificate-v2; no signing time, which PAdES
 * keeps in the signature dictionary), sorted as DER's SET OF wants, and the hash a provider signs.
 */
export function signedAttributes(digest: Uint8Array, signer: Uint8Array, contentType: string = OID.data) {
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(signer) })] });
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: contentType })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] }),
  ]
    .map((a) => ({ a, bytes: der(a.toSchema()) }))
    .sort((x, y) => Buffer.compare(x.bytes, y.bytes))
    .map((x) => x.a);
  const set = der(new asn1js.Set({ value: attributes.map((a) => a.toSchema()) }));
  return { attributes, hash: sha256(set) };
}

export interface SignedDataParts {
  /** The signer's certificate first, then the rest of its chain (DER). */
  chain: Uint8Array[];
  attributes: pkijs.Attribute[];
  signatureValue: Uint8Array;
  /** An RFC 3161 timestamp token over the signature value (PAdES B-T). */
  timestampToken?: Uint8Array;
  /** Content carried inside (a TSA's TSTInfo); detached when absent. */
  content?: { type: string; bytes: Uint8Array };
}

/** A CMS ContentInfo of SignedData around a signature value made elsewhere (DER). */
export function assembleSignedData(parts: SignedDataParts): Buffer {
  const certificates = parts.chain.map((c) => pkijs.Certificate.fromBER(c));
  const signer = certificates[0]!;
  const ec = keyAlgorithmOf(parts.chain[0]!) === 'EC';
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
    digestAlgorithm: sha256Algorithm(),
    signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes: parts.attributes }),
    signatureAlgorithm: ec
      ? new pkijs.AlgorithmIdentifier({ algorithmId: OID.ecdsaWithSha256 })
      : new pkijs.AlgorithmIdentifier({ algorithmId: OID.rsaEncryption, algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: parts.signatureValue }),
    ...(parts.timestampToken
      ? {
          unsignedAttrs: new pkijs.SignedAndUnsignedAttributes({
            type: 1,
            attributes: [new pkijs.Attribute({ type: OID.timeStampToken, values: [asn1js.fromBER(toBuffer(parts.timestampToken)).result] })],
          }),
        }
      : {}),
  });
  const signedData = new pkijs.SignedData({
    version: parts.content ? 3 : 1,
    digestAlgorithms: [sha256Algorithm()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: parts.content?.type ?? OID.data,
      ...(parts.content ? { eContent: new asn1js.OctetString({ valueHex: parts.content.bytes }) } : {}),
    }),
    certificates,
    signerInfos: [signerInfo],
  });
  return der(new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }).toSchema());
}

/** What one CMS signature says and whether its signature value verifies with its certificate. */
export interface ReadSignature {
  chain: Buffer[];
  messageDigest: Buffer;
  signatureVerifies: boolean;
  /** The timestamp token's time and whether it covers this signature value. */
  timestamp?: { at: Date; coversSignature: boolean; token: Buffer };
  /** Content carried inside (a TSTInfo). */
  content?: Buffer;
}

const attributeValue = (attrs: pkijs.SignedAndUnsignedAttributes | undefined, type: string) => attrs?.attributes.find((a) => a.type === type)?.values[0];

/** Reads a CMS SignedData (DER, trailing zero padding allowed) with its one signer. */
export function readSignedData(bytes: Uint8Array): ReadSignature {
  const parsed = asn1js.fromBER(toBuffer(bytes));
  if (parsed.offset === -1) throw new Error('the signature is not DER');
  const info = new pkijs.ContentInfo({ schema: parsed.result });
  if (info.contentType !== OID.signedData) throw new Error('the signature is not a CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: info.content });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo?.signedAttrs) throw new Error('the signature has no signed attributes');
  const certificates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber;
  const signer = certificates.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer));
  if (!signer) throw new Error('the signer certificate is not in the signature');
  const chain = [signer, ...certificates.filter((c) => c !== signer)].map((c) => der(c.toSchema()));
  const digestValue = attributeValue(signerInfo.signedAttrs, OID.messageDigest);
  if (!(digestValue instanceof asn1js.OctetString)) throw new Error('the signature has no message digest');
  // What was signed is the signed attributes encoded as a SET (tag 0x31), not as the [0] they are carried in.
  const signedSet = Buffer.from(signerInfo.signedAttrs.encodedValue);
  signedSet[0] = 0x31;
  const signatureValue = Buffer.from(signerInfo.signature.valueBlock.valueHexView);
  let signatureVerifies = false;
  try {
    signatureVerifies = verifySignature('sha256', signedSet, new X509Certificate(chain[0]!).publicKey, signatureValue);
  } catch {
    signatureVerifies = false;
  }
  const tokenValue = attributeValue(signerInfo.unsignedAttrs, OID.timeStampToken);
  const content = signedData.encapContentInfo.eContent ? Buffer.from(signedData.encapContentInfo.eContent.getValue()) : undefined;
  return {
    chain,
    messageDigest: Buffer.from(digestValue.valueBlock.valueHexView),
    signatureVerifies,
    ...(tokenValue ? { timestamp: readTimestamp(der(tokenValue as asn1js.Sequence), signatureValue) } : {}),
    ...(content ? { content } : {}),
  };
}

/** A timestamp token's time, and whether it is a valid signature over this signature value's hash. */
function readTimestamp(token: Buffer, signatureValue: Buffer): NonNullable<ReadSignature['timestamp']> {
  const signed = readSignedData(token);
  const tst = new pkijs.TSTInfo({ schema: asn1js.fromBER(signed.content!).result });
  const imprint = Buffer.from(tst.messageImprint.hashedMessage.valueBlock.valueHexView);
  const coversSignature = signed.signatureVerifies && imprint.equals(sha256(signatureValue)) && signed.messageDigest.equals(sha256(signed.content!));
  return { at: tst.genTime, coversSignature, token };
}

/** An RFC 3161 request for a timestamp over the hash of `data`. */
export function timestampRequest(data: Uint8Array): Buffer {
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: sha256Algorithm(), hashedMessage: new asn1js.OctetString({ valueHex: sha256(data) }) }),
    certReq: true,
  });
  return der(request.toSchema());
}

/** The token of an RFC 3161 answer; an answer that grants none throws with its status. */
export function timestampToken(response: Uint8Array): Buffer {
  const parsed = asn1js.fromBER(toBuffer(response));
  if (parsed.offset === -1) throw new Error('the timestamp authority answered no DER');
  const answer = new pkijs.TimeStampResp({ schema: parsed.result });
  if (answer.status.status > 1 || !answer.timeStampToken) throw new Error(`the timestamp authority refused (status ${answer.status.status})`);
  return der(answer.timeStampToken.toSchema());
}

/** The message imprint an RFC 3161 request asks to be timestamped. */
export function requestedImprint(request: Uint8Array): Buffer {
  const parsed = new pkijs.TimeStampReq({ schema: asn1js.fromBER(toBuffer(request)).result });
  return Buffer.from(parsed.messageImprint.hashedMessage.valueBlock.valueHexView);
}

/** A TSTInfo (RFC 3161 §2.4.2) over an imprint, and an answer granting a token around it. */
export function tstInfo(imprint: Uint8Array, serial: number, at: Date, policy: string): Buffer {
  return der(
    new pkijs.TSTInfo({
      version: 1,
      policy,
      messageImprint: new pkijs.MessageImprint({ hashAlgorithm: sha256Algorithm(), hashedMessage: new asn1js.OctetString({ valueHex: imprint }) }),
      serialNumber: new asn1js.Integer({ value: serial }),
      genTime: at,
    }).toSchema(),
  );
}

export function grantedTimestamp(token: Uint8Array): Buffer {
  return der(
    new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: new pkijs.ContentInfo({ schema: asn1js.fromBER(toBuffer(token)).result }),
    }).toSchema(),
  );
}
