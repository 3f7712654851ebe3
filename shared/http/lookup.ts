import { countLookupFailure, lookupFailures, LOOKUP_WINDOW_S } from '../adapters/lookup.js';
import { findDossierByCode } from '../adapters/repository.js';
import type { Dossier } from '../domain/model.js';
import { notFound, Problem } from './problem.js';
import { secretMatches } from './secrets.js';

/** Wrong secrets (or unknown codes) a code tolerates per window before lookups of it are refused. */
export const MAX_LOOKUP_FAILURES = 10;

/**
 * The dossier a code and secret open, for the public routes. An unknown code and a wrong secret
 * give the same 404; too many of them in a window give 429 for that code.
 */
export async function dossierBySecret(code: string, secret: string, now: number): Promise<Dossier> {
  if ((await lookupFailures(code, now)) >= MAX_LOOKUP_FAILURES) {
    throw new Problem(429, `too many failed lookups of this code; try again in ${LOOKUP_WINDOW_S / 60} minutes`);
  }
  const dossier = await findDossierByCode(code);
  if (!dossier || !secretMatches(secret, dossier.lookupSecretHash)) {
    await countLookupFailure(code, now);
    throw notFound('no dossier with this code and secret');
  }
  return dossier;
}
