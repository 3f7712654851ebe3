import { citizenPageUrl } from '../domain/forms.js';
import type { Dossier } from '../domain/model.js';
import { lookupSecretOf, secretMatches } from './secrets.js';

export interface CitizenPageDeps {
  /** The province's key lookup secrets are derived from; a reader never makes it. */
  existingLookupKey(province: string): Promise<string | undefined>;
  /** The origin the citizen's page is served on (the console's), read when a link is made. */
  publicOrigin: () => string;
}

/** Where a citizen opens their dossier: its page, and its secret when it can be derived again. */
export interface CitizenPage {
  url: string;
  secret?: string;
}

/**
 * The citizen's page of an accepted dossier, which the receipt's QR code and the messages open.
 * A dossier whose random secret predates derivation gets the page without it (its secret was
 * shown once, on its receipt): the page then asks for it.
 */
export function citizenPages({ existingLookupKey, publicOrigin }: CitizenPageDeps) {
  return async function citizenPageOf(d: Dossier): Promise<CitizenPage | undefined> {
    if (!d.code) return undefined;
    const key = await existingLookupKey(d.province);
    const derived = key ? lookupSecretOf(key, d.id) : undefined;
    const secret = derived && secretMatches(derived, d.lookupSecretHash) ? derived : undefined;
    return { url: citizenPageUrl(publicOrigin(), d.code, secret), ...(secret ? { secret } : {}) };
  };
}
