import { VersionConflict } from '../domain/conflicts.js';
import { expireSupplement } from '../domain/lifecycle.js';
import { logger } from '../observability/logger.js';
import type { PagePosition } from '../domain/worklist.js';
import type { Clock, DossierStore } from './ports.js';
import type { Provinces } from './provinces.js';

/** The daily jobs that change dossiers without anyone asking. */
export function housekeeping({ store, clock, provinces }: { store: DossierStore; clock: Clock; provinces: Provinces }) {
  /**
   * Refuses a province's dossiers whose supplement time limit passed without the documents. Reads
   * only each commune's SUPPLEMENT_REQUESTED worklist. A dossier changed meanwhile is left for the next run.
   */
  async function expireSupplements(province: string): Promise<number> {
    const config = await provinces.config(province);
    if (!config) throw new Error(`province ${province} has no configuration`);
    const ctx = { now: clock.now(), calendar: provinces.calendarOf(config) };
    let refused = 0;
    for (const { code } of config.communes) {
      let position: PagePosition | undefined;
      do {
        const page = await store.listDossiers(code, { status: 'SUPPLEMENT_REQUESTED' }, 100, position);
        for (const summary of page.items) {
          const dossier = await store.getDossier(code, summary.id);
          const expired = dossier && expireSupplement(dossier, ctx);
          if (!dossier || !expired) continue;
          try {
            await store.saveDossier(expired, dossier.version);
            refused++;
          } catch (error) {
            if (!(error instanceof VersionConflict)) throw error;
          }
        }
        position = page.next;
      } while (position);
    }
    logger.info('supplement time limits checked', { province, refused });
    return refused;
  }

  return { expireSupplements };
}
