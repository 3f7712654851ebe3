import { LOOKUP_WINDOW_S, MAX_LOOKUP_FAILURES } from '../domain/lookup.js';
import type { Dossier } from '../domain/model.js';
import { toVietnamIso } from '../domain/time.js';
import type { Clock, PublicStore } from './ports.js';
import { Refused } from './refusal.js';
import { secretMatches } from './secrets.js';

/** What anyone with a dossier's code and secret may do: read its status, rate it once. */
export function citizens({ store, clock }: { store: PublicStore; clock: Clock }) {
  /**
   * The dossier a code and secret open. An unknown code and a wrong secret are the same
   * not-found; too many of them in a window are refused for that code.
   */
  async function lookup(code: string, secret: string, now = clock.now()): Promise<Dossier> {
    if ((await store.lookupFailures(code, now)) >= MAX_LOOKUP_FAILURES) {
      throw new Refused('too-many', `too many failed lookups of this code; try again in ${LOOKUP_WINDOW_S / 60} minutes`);
    }
    const dossier = await store.findDossierByCode(code);
    if (!dossier || !secretMatches(secret, dossier.lookupSecretHash)) {
      await store.countLookupFailure(code, now);
      throw new Refused('not-found', 'no dossier with this code and secret');
    }
    return dossier;
  }

  /** The citizen's satisfaction rating: once per dossier, after its return. */
  async function rate(code: string, secret: string, given: { score: number; comment?: string }): Promise<NonNullable<Dossier['rating']>> {
    const now = clock.now();
    const dossier = await lookup(code, secret, now);
    if (dossier.status !== 'RETURNED') throw new Refused('conflict', 'a dossier is rated after its result was returned');
    const rating = { score: given.score, ...(given.comment ? { comment: given.comment } : {}), at: toVietnamIso(now) };
    if (!(await store.rateDossier(dossier, rating))) throw new Refused('conflict', 'this dossier was rated already');
    return rating;
  }

  return { lookup, rate };
}
