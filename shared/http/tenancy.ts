import { workingCalendar, type WorkingCalendar } from '../domain/calendar.js';
import { generatedYear } from '../domain/holidays.js';
import type { Actor, Commune, Dossier } from '../domain/model.js';
import { getDossier, loadProvince, type ProvinceConfig } from '../adapters/repository.js';
import { forbidden, notFound } from './problem.js';

const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; config: ProvinceConfig | undefined; calendar?: WorkingCalendar }>();

/** A province's configuration, kept a minute per Lambda environment. */
export async function provinceConfig(province: string): Promise<ProvinceConfig | undefined> {
  const hit = cache.get(province);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.config;
  const config = await loadProvince(province);
  cache.set(province, { at: Date.now(), config });
  return config;
}

/** Forgets a cached province after its configuration changed. */
export function forgetProvince(province: string): void {
  cache.delete(province);
}

export function calendarOf(config: ProvinceConfig): WorkingCalendar {
  const hit = cache.get(config.code);
  if (hit?.config === config && hit.calendar) return hit.calendar;
  const calendar = workingCalendar(config.officeHours, config.calendars, generatedYear);
  if (hit?.config === config) hit.calendar = calendar;
  return calendar;
}

/**
 * The commune a request acts on, if the actor may act there: commune staff only in their own
 * commune, province roles and portals in any commune of their own province.
 */
export async function communeFor(actor: Actor, commune: string): Promise<{ config: ProvinceConfig; commune: Commune }> {
  if (actor.commune !== undefined && actor.commune !== commune) {
    throw forbidden(`this token acts for commune ${actor.commune}, not ${commune}`);
  }
  const config = await provinceConfig(actor.province);
  const found = config?.communes.find((c) => c.code === commune);
  if (!config || !found) {
    throw actor.commune ? notFound(`commune ${commune} is not onboarded`) : forbidden(`${commune} is not a commune of province ${actor.province}`);
  }
  return { config, commune: found };
}

/** Whether the actor may see the dossier at all: a portal sees only what it submitted. */
export function maySee(actor: Actor, d: Dossier): boolean {
  if (d.province !== actor.province) return false;
  if (actor.commune !== undefined && actor.commune !== d.commune) return false;
  const staff = actor.roles.some((r) => r !== 'PORTAL');
  return staff || d.submittedBy === actor.sub;
}

export async function dossierFor(actor: Actor, commune: string, id: string) {
  const { config } = await communeFor(actor, commune);
  const dossier = await getDossier(commune, id);
  if (!dossier || !maySee(actor, dossier)) throw notFound(`no dossier ${id} in commune ${commune}`);
  return { config, dossier };
}
