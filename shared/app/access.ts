import { PROVINCE_ROLES, type Actor, type Commune, type Dossier, type Role } from '../domain/model.js';
import type { ProvinceConfig } from '../domain/province.js';
import type { DossierStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { Refused } from './refusal.js';

/**
 * Whether the actor may see the dossier at all: staff of its commune or of the desk that
 * received it (province-wide reception), the province, and a portal only what it submitted.
 */
export function maySee(actor: Actor, d: Dossier): boolean {
  if (d.province !== actor.province) return false;
  if (actor.commune !== undefined && actor.commune !== d.commune && actor.commune !== d.receivingUnit) return false;
  const staff = actor.roles.some((r) => r !== 'PORTAL');
  return staff || d.submittedBy === actor.sub;
}

/** Where an actor may act: its province, a commune of it, a dossier of that commune. */
export function tenancy(store: Pick<DossierStore, 'getDossier'>, provinces: Provinces) {
  /**
   * The commune a request acts on, if the actor may act there: commune staff only in their own
   * commune, province roles and portals in any commune of their own province.
   */
  async function communeFor(actor: Actor, commune: string): Promise<{ config: ProvinceConfig; commune: Commune }> {
    if (actor.commune !== undefined && actor.commune !== commune) {
      throw new Refused('forbidden', `this token acts for commune ${actor.commune}, not ${commune}`);
    }
    const found = await provinces.communeOf(actor.province, commune);
    if (!found.config || !found.commune) {
      throw actor.commune
        ? new Refused('not-found', `commune ${commune} is not onboarded`)
        : new Refused('forbidden', `${commune} is not a commune of province ${actor.province}`);
    }
    return { config: found.config, commune: found.commune };
  }

  /**
   * A dossier at its competent commune's path. The desk of another commune that received it
   * (province-wide reception) reaches it there too; nobody else of another commune does.
   */
  async function dossierFor(actor: Actor, commune: string, id: string): Promise<{ config: ProvinceConfig; dossier: Dossier; actor: Actor }> {
    const receivedElsewhere = actor.commune !== undefined && actor.commune !== commune && actor.roles.includes('RECEPTION');
    const { config } = receivedElsewhere ? await communeFor({ ...actor, commune }, commune) : await communeFor(actor, commune);
    const dossier = await store.getDossier(commune, id);
    if (receivedElsewhere && dossier?.receivingUnit !== actor.commune) {
      throw new Refused('forbidden', `this token acts for commune ${actor.commune}, not ${commune}`);
    }
    if (!dossier || !maySee(actor, dossier)) throw new Refused('not-found', `no dossier ${id} in commune ${commune}`);
    // At another commune's dossier the receiving desk acts as its desk, with none of its other roles.
    const acting: Actor = receivedElsewhere
      ? { sub: actor.sub, roles: ['RECEPTION'], province: actor.province, ...(actor.commune ? { commune: actor.commune } : {}) }
      : actor;
    return { config, dossier, actor: acting };
  }

  /** A province-level request: only the given province roles, only of that province. */
  async function provinceFor(actor: Actor, province: string, roles: readonly Role[] = PROVINCE_ROLES): Promise<ProvinceConfig> {
    if (!actor.roles.some((r) => roles.includes(r))) throw new Refused('forbidden', `this needs one of the roles ${roles.join(', ')}`);
    if (actor.province !== province) throw new Refused('forbidden', `this token acts for province ${actor.province}, not ${province}`);
    const config = await provinces.config(province);
    if (!config) throw new Refused('not-found', `no province ${province}`);
    return config;
  }

  return { communeFor, dossierFor, provinceFor };
}
