import * as z from 'zod/mini';
import { STEPS } from '../../domain/model.js';
import { department, localDate, named, processing } from './common.js';

export const communeAnswer = named(
  'Commune',
  'A commune of the province as onboarded',
  z.strictObject({
    code: z.string(),
    province: z.string(),
    name: z.string(),
    centers: z.array(z.strictObject({ name: z.string(), address: z.string() })),
    departments: z.array(department),
    reportRecipients: z.optional(z.array(z.string())),
    collectionAccount: z.optional(z.strictObject({ bankBin: z.string(), accountNumber: z.string(), accountName: z.string() })),
    version: z.int().check(z.gte(1)),
  }),
);

export const calendarAnswer = named(
  'Calendar',
  "A year's days off and make-up working days",
  z.strictObject({
    year: z.int(),
    daysOff: z.array(localDate),
    workingDays: z.array(localDate),
    source: z.string(),
    version: z.int().check(z.gte(1)),
  }),
);

export const communeProcedureAnswer = named(
  'CommuneProcedure',
  'What a commune makes of a catalogue procedure: whether it offers it, and a shorter time it commits to',
  z.strictObject({
    commune: z.string(),
    code: z.string(),
    enabled: z.boolean(),
    processing: z.optional(processing),
    stepBudgets: z.optional(z.strictObject(Object.fromEntries(STEPS.map((s) => [s, z.number()])) as Record<(typeof STEPS)[number], z.ZodMiniNumber>)),
    version: z.int().check(z.gte(1)),
  }),
);

export const catalogueImportAnswer = named(
  'CatalogueImport',
  'What an import of the annex made (or, in a dry run, would make) of each of its rows',
  z.strictObject({
    dryRun: z.boolean(),
    /** Whether new catalogue versions were published. */
    written: z.boolean(),
    summary: z.strictObject({ created: z.int(), changed: z.int(), unchanged: z.int(), refused: z.int() }),
    rows: z.array(
      z.strictObject({
        /** The row's number in the sheet. */
        row: z.int().check(z.gte(1)),
        code: z.optional(z.string()),
        outcome: z.enum(['CREATED', 'CHANGED', 'UNCHANGED', 'REFUSED']),
        /** The catalogue version the row is (or would be) published as; unchanged, the current one. */
        version: z.optional(z.int().check(z.gte(1))),
        /** The fields a changed row changes. */
        changes: z.optional(z.array(z.string())),
        /** Why a refused row is refused, by column (none: the row as a whole). */
        problems: z.optional(z.array(z.strictObject({ column: z.optional(z.string()), message: z.string() }))),
      }),
    ),
  }),
);
