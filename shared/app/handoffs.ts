import { VersionConflict } from '../domain/conflicts.js';
import type { DossierImage } from '../domain/events.js';
import { receiveHandoff, type HandoffMessage } from '../domain/lifecycle.js';
import type { Department } from '../domain/model.js';
import { logger } from '../observability/logger.js';
import type { Clock, DossierStore } from './ports.js';
import type { Provinces } from './provinces.js';

/** A message that can never succeed: it is left to fail until the queue moves it to its DLQ. */
export class PoisonMessage extends Error {}

const MAX_CONFLICT_RETRIES = 5;

export interface HandoffDeps {
  store: DossierStore;
  clock: Clock;
  provinces: Provinces;
}

/** The receiving end of the hand-overs, which the table's stream sends once their change is stored. */
export function handoffs({ store, clock, provinces }: HandoffDeps) {
  /**
   * Records one hand-over at its receiver; a redelivered or outdated one changes nothing.
   * `accepts` says which receivers this consumer is for; any other is a PoisonMessage. The
   * dossier as the hand-over's change stored it comes with the message when it fitted: it is
   * stored on that version, and read again only when the dossier has changed since.
   */
  async function receive(message: HandoffMessage, accepts: (to: Department | 'DESK') => boolean, image?: DossierImage): Promise<'recorded' | 'duplicate'> {
    if (!accepts(message.to)) throw new PoisonMessage(`a hand-over to ${message.to} on the wrong queue`);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const dossier = attempt === 0 && image ? await store.withProcedure(image) : await store.getDossier(message.commune, message.dossierId);
      if (!dossier) throw new PoisonMessage('no such dossier');
      const config = await provinces.config(dossier.province);
      if (!config) throw new Error(`province ${dossier.province} has no configuration`);
      const received = receiveHandoff(dossier, message.to, { now: clock.now(), calendar: provinces.calendarOf(config) });
      if (!received) {
        // What the message carried may be behind: only the stored dossier says it is a duplicate.
        if (attempt === 0 && image) continue;
        return 'duplicate';
      }
      try {
        await store.saveDossier(received, dossier.version);
        logger.info('hand-over recorded', { dossierId: dossier.id, commune: dossier.commune, to: message.to, version: received.version });
        return 'recorded';
      } catch (error) {
        if (!(error instanceof VersionConflict)) throw error;
      }
    }
    throw new Error('the dossier kept changing while the hand-over was recorded');
  }

  return { receive };
}

export type Handoffs = ReturnType<typeof handoffs>;
