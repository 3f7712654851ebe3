import * as z from 'zod/mini';
import { STEPS } from '../../domain/model.js';
import { department, named, processing } from './common.js';
import { exemptionGroupAnswer, feeLineAnswer } from './payment.js';

export const procedureAnswer = named(
  'Procedure',
  'One version of a catalogued administrative procedure',
  z.strictObject({
    code: z.string(),
    name: z.string(),
    department,
    processing,
    stepBudgets: z.strictObject(Object.fromEntries(STEPS.map((s) => [s, z.number()])) as Record<(typeof STEPS)[number], z.ZodMiniNumber>),
    requiredDocuments: z.array(z.string()),
    fees: z.optional(z.array(feeLineAnswer)),
    exemptions: z.optional(z.array(exemptionGroupAnswer)),
    paymentLimitDays: z.optional(z.number()),
    supplementRule: z.enum(['PAUSE', 'RESET']),
    supplementLimitDays: z.optional(z.number()),
    /** The field (lĩnh vực) the province's annex files it under. */
    field: z.optional(z.string()),
    /** The legal basis (căn cứ pháp lý) the annex cites. */
    legalBasis: z.optional(z.string()),
    version: z.int().check(z.gte(1)),
    /** In a commune's catalogue: the commune whose shorter time this is, in place of the province's. */
    committedBy: z.optional(z.string()),
  }),
);

export const catalogueAnswer = named(
  'Catalogue',
  'The current version of every procedure of the province, by code',
  z.strictObject({
    items: z.array(procedureAnswer),
    nextCursor: z.null(),
    /** The communes of the province (unit code and name): where a desk may receive a dossier for (province-wide reception). */
    communes: z.array(z.strictObject({ code: z.string(), name: z.string() })),
  }),
);
