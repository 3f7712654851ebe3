import { PROVINCE_ROLES, type Actor } from '../domain/model.js';
import { maySee, type tenancy } from './access.js';
import { summaryOf, type PagePosition } from '../domain/worklist.js';
import type { Clock, SearchStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { Refused } from './refusal.js';
import { applicantKeyOf } from './secrets.js';
import { lineOf, type WorklistItem } from './worklist.js';

/** What the desk searches by: exactly one of the dossier code, the applicant's ID number or phone. */
export type SearchQuery = { code: string } | { idNumber: string } | { phone: string };

/** How a search is named on the access trail of each dossier it found. */
export const searchAction = (query: SearchQuery): string => ('code' in query ? 'search-code' : 'idNumber' in query ? 'search-id-number' : 'search-phone');

/**
 * Finding a commune's dossiers by exact match (tìm kiếm hồ sơ), and the desk's list of the
 * dossiers it received for other communes (tiếp nhận không phụ thuộc địa giới hành chính).
 * Every key read starts with a commune; nothing is scanned.
 */
export function searching({ store, clock, provinces, access }: { store: SearchStore; clock: Clock; provinces: Provinces; access: ReturnType<typeof tenancy> }) {
  const staffOnly = (actor: Actor) => {
    if (!actor.roles.some((r) => r !== 'PORTAL')) throw new Refused('forbidden', 'the search is for officials');
  };

  /**
   * One page of the dossiers that match. A code names one dossier, of this commune or received
   * by its desk; an ID number or phone matches through its HMAC under the province's key, so a
   * province with no key yet has no dossier to find. `resume` turns the caller's cursor into a
   * position of this very search, named by `listing` (commune, kind and HMAC, never the value).
   */
  async function search(
    actor: Actor,
    commune: string,
    query: SearchQuery,
    limit: number,
    resume?: (listing: string) => PagePosition,
  ): Promise<{ items: WorklistItem[]; next?: PagePosition; listing: string }> {
    staffOnly(actor);
    const { config } = await access.communeFor(actor, commune);
    const line = lineOf(provinces.calendarOf(config), clock.now());
    if ('code' in query) {
      const d = await store.findDossierByCode(query.code);
      const here = d && d.province === config.code && (d.commune === commune || d.receivingUnit === commune) && maySee(actor, d);
      return { items: here ? [line(summaryOf(d))] : [], listing: `${commune}|code` };
    }
    const [kind, value] = 'idNumber' in query ? (['idNumber', query.idNumber] as const) : (['phone', query.phone] as const);
    const key = await store.existingLookupKey(config.code);
    if (!key) return { items: [], listing: `${commune}|${kind}` };
    const hash = applicantKeyOf(key, kind, value);
    const listing = `${commune}|${kind}|${hash}`;
    const page = await store.dossiersByApplicant(commune, kind, hash, limit, resume?.(listing));
    return { items: page.items.map(line), ...(page.next ? { next: page.next } : {}), listing };
  }

  /** The desk's dossiers received for other communes, newest first: for the desk itself and the province roles. */
  async function receivedForOthers(actor: Actor, commune: string, limit: number, from?: PagePosition): Promise<{ items: WorklistItem[]; next?: PagePosition }> {
    if (!actor.roles.some((r) => r === 'RECEPTION' || PROVINCE_ROLES.includes(r))) {
      throw new Refused('forbidden', 'the dossiers received for other communes are listed for the RECEPTION desk and the province roles');
    }
    const { config } = await access.communeFor(actor, commune);
    const page = await store.dossiersReceivedForOthers(commune, limit, from);
    return { items: page.items.map(lineOf(provinces.calendarOf(config), clock.now())), ...(page.next ? { next: page.next } : {}) };
  }

  return { search, receivedForOthers };
}
