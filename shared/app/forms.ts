import { formOf, type FormNumber } from '../domain/forms.js';
import type { Actor, Dossier } from '../domain/model.js';
import { toVietnamIso } from '../domain/time.js';
import type { tenancy } from './access.js';
import type { Clock, DossierStore } from './ports.js';
import { Refused } from './refusal.js';
import { lookupSecretOf, secretMatches } from './secrets.js';

/** The forms of Circular 03/2025, derived from a dossier. */
export function paperwork({ store, clock, access }: { store: Pick<DossierStore, 'existingLookupKey'>; clock: Clock; access: ReturnType<typeof tenancy> }) {
  /** One form (01–07) of a dossier the actor may see; not found when it does not apply (yet). */
  async function form(actor: Actor, commune: string, id: string, number: FormNumber) {
    const { config, dossier } = await access.dossierFor(actor, commune, id);
    const data = formOf(dossier, number, { generatedAt: toVietnamIso(clock.now()) });
    if (!data) throw new Refused('not-found', `form ${number} does not exist for this dossier (status ${dossier.status})`);
    return { config, dossier, data };
  }

  /**
   * The lookup secret of a dossier, derived again for its printed receipt. A dossier whose random
   * secret predates derivation gets none (its secret was shown once).
   */
  async function receiptSecret(d: Dossier): Promise<string | undefined> {
    const key = await store.existingLookupKey(d.province);
    if (!d.code || !key) return undefined;
    const secret = lookupSecretOf(key, d.id);
    return secretMatches(secret, d.lookupSecretHash) ? secret : undefined;
  }

  return { form, receiptSecret };
}
