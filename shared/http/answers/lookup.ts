import * as z from 'zod/mini';
import { instant, named, nationalStatus, procedureRef, status, step } from './common.js';
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
