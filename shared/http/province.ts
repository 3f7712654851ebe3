import { PROVINCE_ROLES, type Actor, type Role } from '../domain/model.js';
import { forbidden, notFound } from './problem.js';
import { provinceConfig } from './tenancy.js';


/** A province-level route: only the given province roles, only of that province. */
export async function provinceFor(actor: Actor, province: string, roles: readonly Role[] = PROVINCE_ROLES) {
  if (!actor.roles.some((r) => roles.includes(r))) throw forbidden(`this needs one of the roles ${roles.join(', ')}`);
  if (actor.province !== province) throw forbidden(`this token acts for province ${actor.province}, not ${province}`);
  const config = await provinceConfig(province);
  if (!config) throw notFound(`no province ${province}`);
  return config;
}
