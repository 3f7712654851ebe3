import type { Dossier } from '../domain/model.js';
import { toVietnamIso } from '../domain/time.js';
import type { Clock, PublicStore } from './ports.js';
import { Refused } from './refusal.js';
import { secretMatches } from './secrets.js';

/** What anyone with a dossier's code and secret may do: read its status, rate it once. */
export function citizens({ store, clock }: { store: PublicStore; clock: Clock }) {
  /**
   * The dossier a code and secret open; an unknown code and a wrong secret are the same
   * not-found. Nothing is counted per code: the right secret always opens its dossier, and
   * guessing (96-bit secrets) is bounded per source in front of the API instead, so that nobody
   * can lock a citizen out of their own dossier.
   */
  async function lookup(code: string, secret: string): Promise<Dossier> {
    const dossier = await store.findDossierByCode(code);
    if (!dossier || !secretMatches(secret, dossier.lookupSecretHash)) throw new Refused('not-found', 'no dossier with this code and secret');
    return dossier;
  }

  /** The citizen's satisfaction rating: once per dossier, after its return. */
  async function rate(code: string, secret: string, given: { score: number; comment?: string }): Promise<NonNullable<Dossier['rating']>> {
    const now = clock.now();
    const dossier = await lookup(code, secret);
    if (dossier.status !== 'RETURNED') throw new Refused('conflict', 'a dossier is rated after its result was returned');
    const rating = { score: given.score, ...(given.comment ? { comment: given.comment } : {}), at: toVietnamIso(now) };
    if (!(await store.rateDossier(dossier, rating))) throw new Refused('conflict', 'this dossier was rated already');
    return rating;
  }

  return { lookup, rate };
}
