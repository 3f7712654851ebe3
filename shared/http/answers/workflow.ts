import * as z from 'zod/mini';
import { count, document, instant, named, problemAnswer, procedureRef } from './common.js';
import { dossierAnswer } from './dossiers.js';

export const receiptAnswer = named(
  'Receipt',
  'Form 01 as the desk hands it over on acceptance: code, appointment, documents, fee',
  z.strictObject({
    form: z.literal('01'),
    code: z.string(),
    receivingUnit: z.string(),
    commune: z.string(),
    procedure: procedureRef,
    acceptedAt: instant,
    /** Null while the fees due at reception are unpaid: the appointment counts from the payment. */
    dueAt: z.nullable(instant),
    documents: z.array(document),
    fee: count,
  }),
);

export const acceptedDossierAnswer = named(
  'AcceptedDossier',
  'The dossier just accepted, with its receipt',
  z.extend(dossierAnswer, { receipt: receiptAnswer }),
);

export type ReceiptAnswer = z.output<typeof receiptAnswer>;

export const batchResultsAnswer = named(
  'BatchResults',
  'What became of each dossier of a batch, in the order of the request',
  z.strictObject({
    results: z.array(
      z.strictObject({
        id: z.string(),
        /** 200 when the step was taken (202 when its signing started), else the status its single route would have answered. */
        status: z.int().check(z.gte(200), z.lte(599)),
        /** The dossier's version after the step. */
        version: z.optional(z.int().check(z.gte(1))),
        /** An approval with `sign: true`: the signing session, the same for every dossier the leader confirms at once. */
        signing: z.optional(z.strictObject({ id: z.uuid(), status: z.literal('PENDING') })),
        problem: z.optional(problemAnswer),
      }),
    ),
  }),
);
