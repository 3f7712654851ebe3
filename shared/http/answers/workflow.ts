import * as z from 'zod/mini';
import { count, document, instant, named, procedureRef } from './common.js';
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
    dueAt: instant,
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
