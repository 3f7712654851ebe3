/**
 * Signed electronic results (ký số): the leader's signature at approval, the agency's seal at
 * issuance (Decree 30/2020 Art. 13, 32–33; Decree 45/2020 Art. 14), the certificates that may
 * make them and the outgoing register (sổ văn bản đi). Pure: the adapters sign and read files.
 */
import type { Attachment, Commune, Dossier } from './model.js';
import { parseInstant, toVietnamIso, type Instant } from './time.js';

export const SIGNER_ROLES = ['LEADER', 'SEAL'] as const;
/** LEADER: the competent official's own signature; SEAL: the agency's (the văn thư applies it). */
export type SignerRole = (typeof SIGNER_ROLES)[number];

/** What a certificate says, as the rules judge it. */
export interface CertificateFacts {
  subject: string;
  issuer: string;
  /** Hex SHA-256 of the certificate's DER. */
  fingerprint: string;
  notBefore: string;
  notAfter: string;
  /** Its key usage allows digital signature (or non-repudiation). */
  digitalSignature: boolean;
  /** Its chain ends at one of the province's trust anchors. */
  chainsToAnchor: boolean;
}

/** A certificate registered to sign for a commune: the leader's (per official) or the seal (one per commune). */
export interface SignerRegistration {
  commune: string;
  role: SignerRole;
  /** The official (token `sub`) a LEADER registration belongs to; none for the SEAL. */
  sub?: string;
  /** The provider's name in the province's configuration, and the credential there. */
  provider: string;
  credentialRef: string;
  certificate: Pick<CertificateFacts, 'subject' | 'issuer' | 'fingerprint' | 'notBefore' | 'notAfter'>;
  registeredAt: string;
  registeredBy: string;
}

/** Within this many days of its expiry a registered certificate is listed in the SLA report. */
export const EXPIRY_WARNING_DAYS = 30;

const DAY_MS = 24 * 3600 * 1000;

/**
 * Why a certificate may not sign for this commune in this role now; undefined when it may. The
 * seal's subject must name the commune (its unit code or its name).
 */
export function certificateRefusal(facts: CertificateFacts, role: SignerRole, commune: Pick<Commune, 'code' | 'name'>, now: Instant): string | undefined {
  if (!facts.chainsToAnchor) return 'the certificate does not chain to a trust anchor of the province';
  if (parseInstant(facts.notBefore) > now) return `the certificate is valid only from ${facts.notBefore}`;
  if (parseInstant(facts.notAfter) < now) return `the certificate expired on ${facts.notAfter}`;
  if (!facts.digitalSignature) return 'the certificate does not allow digital signatures';
  if (role === 'SEAL' && !facts.subject.includes(commune.code) && !facts.subject.toLowerCase().includes(commune.name.toLowerCase())) {
    return `a seal certificate must name the commune ${commune.code} (${commune.name}) in its subject`;
  }
  return undefined;
}

/** Registrations whose certificate expires within EXPIRY_WARNING_DAYS of `now` (or has expired). */
export function expiringSoon(registrations: SignerRegistration[], now: Instant): SignerRegistration[] {
  return registrations.filter((r) => parseInstant(r.certificate.notAfter) - now <= EXPIRY_WARNING_DAYS * DAY_MS);
}

export const SESSION_STATUSES = ['PENDING', 'SIGNED', 'REJECTED', 'EXPIRED', 'FAILED'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/**
 * One signing of one file: the hash sent to the provider and what came of it. A session ends
 * once (SIGNED, REJECTED, EXPIRED or FAILED); what it was for is done only then.
 */
export interface SigningSession {
  id: string;
  role: SignerRole;
  attachmentId: string;
  /** The official who signs (LEADER), or the clerk who applies the seal. */
  by: string;
  /** Their name as their token carried it when the session began; none in a session stored before names were kept with it. */
  byName?: string;
  provider: string;
  credentialRef: string;
  /** The provider's operation. */
  operation: string;
  /**
   * The signature values (base64) of a provider that signed at once (AWS KMS, a CSC service that
   * asks no authorisation of the signer): the leader's session completes with them from the queue,
   * without asking the provider where an operation already over stands. A signature is no secret:
   * it goes into the PDF.
   */
  signatures?: string[];
  /** Hex SHA-256 of the file as it was when the session began, and of what the signature covers. */
  sourceSha256: string;
  digest: string;
  /** The signature dictionary's time: the file is prepared again with it. */
  signingTime: string;
  status: SessionStatus;
  startedAt: string;
  expiresAt: string;
  completedAt?: string;
  reason?: string;
  /** What the session completes: the leader's decision, or the register entry of the issue. */
  decision?: { decision: 'APPROVED' | 'REJECTED'; note: string };
  registration?: RegisterEntry;
  /** The signer's certificate, as checked when the session began. */
  certificate?: SessionCertificate;
  /**
   * A leader's approval of many dossiers signs their drafts under one authorisation: each dossier
   * keeps the session (one id, one provider operation) with the place of its file's hash among
   * the `of` hashes signed together. Without it, the session signs this file alone.
   */
  together?: { index: number; of: number };
}

export type SessionCertificate = Pick<CertificateFacts, 'subject' | 'issuer' | 'fingerprint' | 'notAfter'>;

/** A line of the commune's outgoing register (sổ văn bản đi): number, symbol and date of issue. */
export interface RegisterEntry {
  number: number;
  symbol: string;
  issuedOn: string;
}

/**
 * A signing session brought back by the delayed queue: on the dossier it signs for, or on each of
 * the dossiers whose drafts one authorisation signs together.
 */
export type SessionMessage = { commune: string; sessionId: string } & ({ dossierId: string } | { dossierIds: string[] });

/** How long a provider may take to answer, by default (§17: at most 5 minutes). */
export const DEFAULT_SIGNING_TIMEOUT_S = 5 * 60;

/** The register's symbol of a result: number, kind of document and issuing body (e.g. 12/QĐ-UBND). */
export const registerSymbol = (number: number, kind = 'QĐ', body = 'UBND'): string => `${number}/${kind}-${body}`;

/** The RESULT draft a leader signs: the latest AVAILABLE PDF result file. */
export function resultDraft<A extends Pick<Attachment, 'purpose' | 'status' | 'contentType'>>(d: { attachments?: A[] | undefined }): A | undefined {
  return (d.attachments ?? []).filter((a) => a.purpose === 'RESULT' && a.status === 'AVAILABLE' && a.contentType === 'application/pdf').at(-1);
}

/** The session still waiting, if any: one file is signed by one session at a time. */
export const pendingSession = (d: Dossier): SigningSession | undefined => d.signings?.find((s) => s.status === 'PENDING');

/** The leader's completed signature of the result, if any. */
export const leaderSignature = (d: Dossier): SigningSession | undefined => d.signings?.findLast((s) => s.role === 'LEADER' && s.status === 'SIGNED');

/** The dossier with a new session waiting for its signer. */
export const withSession = (d: Dossier, session: SigningSession): Dossier => ({ ...d, signings: [...(d.signings ?? []), session], version: d.version + 1 });

/**
 * The dossier once a session ended without a signature (REJECTED, EXPIRED, FAILED): it stays
 * where it was, the reason kept with the session. Undefined when the session is no longer waiting.
 */
export function withSessionEnded(d: Dossier, id: string, status: 'REJECTED' | 'EXPIRED' | 'FAILED', reason: string, now: Instant): Dossier | undefined {
  const session = d.signings?.find((s) => s.id === id);
  if (session?.status !== 'PENDING') return undefined;
  const ended: SigningSession = { ...session, status, reason, completedAt: toVietnamIso(now) };
  return { ...d, signings: d.signings!.map((s) => (s.id === id ? ended : s)), version: d.version + 1 };
}

/** Whether a pending session ran out of time. */
export const sessionExpired = (s: SigningSession, now: Instant): boolean => s.status === 'PENDING' && now > parseInstant(s.expiresAt);

/** Where a signing stands at a provider: waiting for the signer, signed (one value per hash), or ended without. */
export type SigningOperation =
  | { operation: string; status: 'PENDING' }
  | { operation: string; status: 'SIGNED'; signatures: Uint8Array[] }
  | { operation: string; status: 'REJECTED' | 'EXPIRED'; reason: string };

/**
 * A signing provider, as the Cloud Signature Consortium API v2 models one: the keys stay with it,
 * the product sends hashes (several under one authorisation) and gets signature values back,
 * at once or once the signer confirmed (asynchronous authorisation).
 */
export interface SigningProvider {
  /** The credentials a user holds (credentials/list). */
  credentials(userId: string): Promise<string[]>;
  /** A credential's certificate and the rest of its chain, DER, the certificate first (credentials/info). */
  chain(credentialRef: string): Promise<Uint8Array[]>;
  /** Asks for signatures of SHA-256 hashes (signatures/signHash); `clientData` names the session. */
  signHashes(credentialRef: string, hashes: Uint8Array[], clientData: string): Promise<SigningOperation>;
  /** Where an asynchronous signing stands now. */
  status(operation: string): Promise<SigningOperation>;
}

/** An RFC 3161 timestamp authority: the token over the SHA-256 of `data`. */
export interface TimestampAuthority {
  timestamp(data: Uint8Array): Promise<Uint8Array>;
}

/** Where a signature goes in a PDF: the field's name, who signs, why, where, when. */
export interface SignatureFieldSpec {
  name: string;
  signer: string;
  reason: string;
  location: string;
  at: Date;
}

/** A signature of a file as read back and checked. */
export interface FileSignature {
  field: string;
  /** The signer's certificate and whatever chain came with it (DER). */
  chain: Uint8Array[];
  signedAt?: Date;
  timestamped: boolean;
  /** The CMS verifies over the bytes its ByteRange covers (and its timestamp, if any, over its signature). */
  valid: boolean;
  /** Nothing was appended after it. */
  coversDocument: boolean;
}

/** PAdES signatures of PDF files (shared/adapters/signing/pades.ts; the ports of signing live here, beside the rules): prepared, completed with a provider's value, read. */
export interface PdfSigner {
  /** The hash a provider signs for this field on this file, and the digest of what it covers. Throws NotAPdf-like errors as Refused by the caller. */
  prepare(file: Uint8Array, field: SignatureFieldSpec, chain: Uint8Array[]): Promise<{ digest: string; hash: Uint8Array }>;
  /** The signed file; with a timestamp authority, the signature is timestamped (PAdES B-T). */
  complete(
    file: Uint8Array,
    field: SignatureFieldSpec,
    signed: { digest: string; chain: Uint8Array[]; signatureValue: Uint8Array },
    tsa?: TimestampAuthority,
  ): Promise<Uint8Array>;
  read(file: Uint8Array): FileSignature[];
}

/**
 * The common name of a certificate subject as node prints it: `CN=…, OU=…` for names of one
 * attribute each, `CN=… + OU=…` for attributes that share one (as the local emulator issues them).
 */
export const commonName = (subject: string) => /(?:^|, | \+ )CN=(.+?)(?=(?:, | \+ )[\w.]+=|$)/.exec(subject)?.[1] ?? subject;

/** The sessions that signed the result, in order, each with its certificate and when it was signed. */
export const signedSessions = (d: Dossier): (SigningSession & { certificate: NonNullable<SigningSession['certificate']>; signedAt: string })[] =>
  (d.signings ?? []).flatMap((s) =>
    s.status === 'SIGNED' && s.certificate ? [{ ...s, certificate: s.certificate, signedAt: s.completedAt ?? s.signingTime }] : [],
  );

/** Who signed the result, in order: the role, the name on the certificate, when. */
export const resultSignatures = (d: Dossier): { role: SignerRole; signer: string; signedAt: string }[] =>
  signedSessions(d).map((s) => ({ role: s.role, signer: commonName(s.certificate.subject), signedAt: s.signedAt }));
