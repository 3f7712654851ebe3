import * as z from 'zod/mini';
import { instant, named, nationalStatus, office, procedureRef, status, step, timeliness } from './common.js';
import { attachmentType } from './files.js';

export const publicStatusAnswer = named(
  'PublicStatus',
  'What the public lookup shows of a dossier: no personal data',
  z.strictObject({
    code: z.string(),
    procedure: procedureRef,
    status,
    nationalStatus,
    step: z.optional(step),
    submittedAt: instant,
    acceptedAt: z.optional(instant),
    dueAt: z.optional(instant),
    completedAt: z.optional(instant),
    returnedAt: z.optional(instant),
    timeliness: z.optional(timeliness),
    /** The steps so far, each with the office that worked it: no official is named. */
    steps: z.array(z.strictObject({ step, department: office, startedAt: instant, completedAt: z.optional(instant) })),
    /** The latest supplement request: what is missing, why, and by when (kept once answered, with when). */
    supplement: z.optional(
      z.strictObject({ documents: z.array(z.string()), reason: z.string(), requestedAt: instant, supplyBy: instant, suppliedAt: z.optional(instant) }),
    ),
    /** The decision once the result is ready; `electronic` when a signed result file can be downloaded. */
    result: z.optional(
      z.strictObject({
        decision: z.enum(['APPROVED', 'REJECTED']),
        electronic: z.boolean(),
        /** Who signed the electronic result, in order (the leader, then the commune's seal): the name on each certificate and when. */
        signatures: z.optional(z.array(z.strictObject({ role: z.enum(['LEADER', 'SEAL']), signer: z.string(), signedAt: instant }))),
      }),
    ),
    refusal: z.optional(z.strictObject({ reason: z.string() })),
    /**
     * What is awaited to pay (whole VND), while the fees are awaited; with the POST lookup, the
     * commune's collection account and the VietQR payload of the transfer, as Form 01 prints it.
     */
    payment: z.optional(
      z.strictObject({
        amount: z.int().check(z.gt(0)),
        transfer: z.optional(z.strictObject({ bankBin: z.string(), accountNumber: z.string(), accountName: z.string(), vietQr: z.string() })),
      }),
    ),
    /** The citizen's rating, once given. */
    rating: z.optional(z.strictObject({ score: z.int().check(z.gte(1), z.lte(5)), comment: z.optional(z.string()), at: instant })),
  }),
);

export const electronicResultAnswer = named(
  'ElectronicResult',
  'The signed result as files, for the citizen, once the result is ready: no personal data beyond the files themselves',
  z.strictObject({
    code: z.string(),
    procedure: procedureRef,
    decision: z.enum(['APPROVED', 'REJECTED']),
    files: z.array(z.strictObject({ id: z.uuid(), name: z.string(), contentType: attachmentType, size: z.int(), downloadUrl: z.url(), expiresAt: instant })),
  }),
);

export const ratingAnswer = named(
  'Rating',
  "The citizen's satisfaction rating as recorded",
  z.strictObject({ code: z.string(), score: z.int().check(z.gte(1), z.lte(5)), comment: z.optional(z.string()), at: instant }),
);

export type PublicStatusAnswer = z.output<typeof publicStatusAnswer>;
export type ElectronicResultAnswer = z.output<typeof electronicResultAnswer>;
