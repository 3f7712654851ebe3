import { expireSupplement } from '../../shared/domain/lifecycle.js';
import { requiredEnv } from '../../shared/adapters/aws.js';
import { clock } from '../../shared/adapters/clock.js';
import { getDossier, listDossiers, saveDossier, VersionConflict, type WorklistPosition } from '../../shared/adapters/repository.js';
import { logger } from '../../shared/http/logger.js';
import { calendarOf, provinceConfig } from '../../shared/http/tenancy.js';

/**
 * Daily: refuses dossiers whose supplement time limit passed without the documents. Reads only
 * each commune's SUPPLEMENT_REQUESTED worklist. A dossier changed meanwhile is left for the next run.
 */
export const handler = async (): Promise<{ refused: number }> => {
  let refused = 0;
  for (const province of requiredEnv('PROVINCES').split(',')) {
    const config = await provinceConfig(province);
    if (!config) throw new Error(`province ${province} has no configuration`);
    const ctx = { now: clock.now(), calendar: calendarOf(config) };
    for (const { code } of config.communes) {
      let position: WorklistPosition | undefined;
      do {
        const page = await listDossiers(code, { status: 'SUPPLEMENT_REQUESTED' }, 100, position);
        for (const summary of page.items) {
          const dossier = await getDossier(code, summary.id);
          const expired = dossier && expireSupplement(dossier, ctx);
          if (!dossier || !expired) continue;
          try {
            await saveDossier(expired, dossier.version);
            refused++;
          } catch (error) {
            if (!(error instanceof VersionConflict)) throw error;
          }
        }
        position = page.next;
      } while (position);
    }
  }
  logger.info('supplement time limits checked', { refused });
  return { refused };
};
