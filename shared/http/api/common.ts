import * as z from 'zod/mini';
import { DOCUMENT_KINDS } from '../../domain/model.js';

/*
 * What the requests of several resources share. Each resource's own schemas sit with its routes
 * (shared/http/api/<resource>.ts); zod/mini keeps each Lambda bundle small.
 */

export const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
export const integer = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/** A dossier's path, under which its forms, files and steps are. */
export const DOSSIER_PATH = '/v1/communes/{c}/dossiers/{id}';

export const communeParam = z.string().check(z.maxLength(32), z.regex(/^[A-Za-z0-9.]{1,32}$/, 'a unit code'));
export const provinceParam = z.string().check(z.maxLength(8), z.regex(/^[A-Z0-9]{2,8}$/, 'a province code'));
/** An id the server made (a dossier, a file). */
export const uuid = z.uuid().check(z.maxLength(36));
export const communeParams = z.object({ c: communeParam });
export const provinceParams = z.object({ p: provinceParam });
export const dossierParams = z.object({ c: communeParam, id: uuid });

/** A local calendar date, YYYY-MM-DD. */
export const dateParam = z.string().check(
  z.maxLength(10),
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  // Checked even when the pattern failed (zod/mini runs every check): a text that is no date is simply not a real one.
  z.refine((d) => {
    const midnight = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(midnight) && new Date(midnight).toISOString().startsWith(d);
  }, 'a real date'),
);

export const documentSchema = z.strictObject({
  name: text(300),
  kind: z.enum(DOCUMENT_KINDS),
  count: integer(1, 1000),
});
export const documents = z.array(documentSchema).check(z.minLength(1), z.maxLength(100));

export const pageQuery = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'an integer'), z.gte(1), z.lte(100)), 50),
});

/** The dossier version a change is based on, as a header instead of `expectedVersion`. */
export const ifMatch = { name: 'If-Match', required: false, description: 'The dossier version the change is based on ("3"); instead of expectedVersion' };
