import * as z from 'zod/mini';
import { SESSION_STATUSES, SIGNER_ROLES, type SigningSession } from '../../domain/signing.js';
import { instant, named } from './common.js';

const certificate = z.strictObject({ subject: z.string(), issuer: z.string(), fingerprint: z.string(), notAfter: z.string() });

export const signingSessionAnswer = named(
  'SigningSession',
  "A signing of the result's file: the leader's at approval (PENDING until they confirm on their signing device, then SIGNED, or REJECTED, EXPIRED or FAILED with the reason, the dossier left at APPROVAL), the commune's seal at issuance",
  z.strictObject({
    id: z.uuid(),
    role: z.enum(SIGNER_ROLES),
    attachmentId: z.uuid(),
    by: z.string(),
    /** Since officials are named: a session of before has the account alone. */
    byName: z.optional(z.string()),
    status: z.enum(SESSION_STATUSES),
    startedAt: instant,
    expiresAt: instant,
    completedAt: z.optional(instant),
    reason: z.optional(z.string()),
    decision: z.optional(z.strictObject({ decision: z.enum(['APPROVED', 'REJECTED']), note: z.string() })),
    certificate: z.optional(certificate),
  }),
);

export const signingStartedAnswer = named(
  'SigningStarted',
  "The leader's signature was asked of their provider: the dossier moves on once they confirm on their device (GET …/signing/{sid})",
  z.strictObject({ signing: z.strictObject({ id: z.uuid(), status: z.literal('PENDING') }) }),
);

export const signerRegistrationAnswer = named(
  'SignerRegistration',
  "A certificate registered to sign a commune's results: the leader's (by official) or the commune's seal, with the provider and credential it signs through and the certificate's names, fingerprint and validity",
  z.strictObject({
    commune: z.string(),
    role: z.enum(SIGNER_ROLES),
    sub: z.optional(z.string()),
    provider: z.string(),
    credentialRef: z.string(),
    certificate: z.strictObject({ subject: z.string(), issuer: z.string(), fingerprint: z.string(), notBefore: z.string(), notAfter: z.string() }),
    registeredAt: instant,
    registeredBy: z.string(),
  }),
);

export const registerEntryAnswer = named(
  'RegisterEntry',
  "The result's line in the commune's outgoing register (sổ văn bản đi): number of the year, symbol and date of issue",
  z.strictObject({ number: z.int().check(z.gte(1)), symbol: z.string(), issuedOn: z.string() }),
);

export const fileSignaturesAnswer = named(
  'FileSignatures',
  "The digital signatures of a file, in the order they were made: who, in which role, when (the timestamp's time when timestamped), with which certificate, whether the signature verifies and chains to the province's trust anchors, and whether it covers the whole file",
  z.array(
    z.strictObject({
      signer: z.string(),
      role: z.enum(SIGNER_ROLES),
      signedAt: z.nullable(instant),
      timestamped: z.boolean(),
      certificate: z.strictObject({ ...certificate.shape, notBefore: z.string() }),
      valid: z.boolean(),
      coversDocument: z.boolean(),
    }),
  ),
);

/** A session as the API answers it: what was signed, by whom, how it ended; not the provider's references. */
export function signingView(s: SigningSession): z.output<typeof signingSessionAnswer> {
  return {
    id: s.id,
    role: s.role,
    attachmentId: s.attachmentId,
    by: s.by,
    ...(s.byName ? { byName: s.byName } : {}),
    status: s.status,
    startedAt: s.startedAt,
    expiresAt: s.expiresAt,
    ...(s.completedAt ? { completedAt: s.completedAt } : {}),
    ...(s.reason ? { reason: s.reason } : {}),
    ...(s.decision ? { decision: s.decision } : {}),
    ...(s.certificate ? { certificate: s.certificate } : {}),
  };
}
