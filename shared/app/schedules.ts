import { VersionConflict } from '../domain/conflicts.js';
import { expirePayment, expireSupplement, type Context } from '../domain/lifecycle.js';
import type { Dossier, Status } from '../domain/model.js';
import { logger } from '../observability/logger.js';
import type { PagePosition } from '../domain/worklist.js';
import type { Clock, DossierStore } from './ports.js';
import type { Provinces } from './provinces.js';

/** The daily jobs that change dossiers without anyone asking. */
export function housekeeping({ store, clock, provinces }: { store: DossierStore; clock: Clock; provinces: Provinces }) {
  /**
   * Refuses a province's dossiers whose time limit passed: each commune's worklist of `status`
   * read, each dossier reread and refused by `expire` when its time is up. A dossier changed
   * meanwhile is left for the next run.
   */
  async function expireTimeLimits(province: string, status: Status, expire: (d: Dossier, ctx: Context) => Dossier | undefined): Promise<number> {
    const config = await provinces.config(province);
    if (!config) throw new Error(`province ${province} has no configuration`);
    const ctx = { now: clock.now(), calendar: provinces.calendarOf(config) };
    let refused = 0;
    for (const { code } of config.communes) {
      let position: PagePosition | undefined;
      do {
        const page = await store.listDossiers(code, { status }, 100, position);
        for (const summary of page.items) {
          const dossier = await store.getDossier(code, summary.id);
          const expired = dossier && expire(dossier, ctx);
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
    return refused;
  }

  /** Supplements left unanswered past their time limit (SUPPLEMENT_REQUESTED), and fees due at reception left unpaid past theirs (AWAITING_PAYMENT). */
  async function expireSupplements(province: string): Promise<number> {
    const refused =
      (await expireTimeLimits(province, 'SUPPLEMENT_REQUESTED', expireSupplement)) + (await expireTimeLimits(province, 'AWAITING_PAYMENT', expirePayment));
    logger.info('time limits checked', { province, refused });
    return refused;
  }

  return { expireSupplements };
}
