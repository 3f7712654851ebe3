import { VersionConflict } from '../domain/conflicts.js';
import { pendingHandoff, receiveHandoff, type HandoffMessage } from '../domain/lifecycle.js';
import type { Department } from '../domain/model.js';
import { parseInstant } from '../domain/time.js';
import { logger } from '../observability/logger.js';
import type { Clock, DossierStore, HandoffSender } from './ports.js';
import type { Provinces } from './provinces.js';

/** A message that can never succeed: it is left to fail until the queue moves it to its DLQ. */
export class PoisonMessage extends Error {}

const MAX_CONFLICT_RETRIES = 5;

export interface HandoffDeps {
  store: DossierStore;
  clock: Clock;
  provinces: Provinces;
  send?: HandoffSender;
}

/** Both ends of the hand-overs after they are stored: recording them at the receiver, resending the lost ones. */
export function handoffs({ store, clock, provinces, send }: HandoffDeps) {
  /**
   * Records one hand-over at its receiver; a redelivered or outdated one changes nothing.
   * `accepts` says which receivers this consumer is for; any other is a PoisonMessage.
   */
  async function receive(message: HandoffMessage, accepts: (to: Department | 'DESK') => boolean): Promise<'recorded' | 'duplicate'> {
    if (!accepts(message.to)) throw new PoisonMessage(`a hand-over to ${message.to} on the wrong queue`);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const dossier = await store.getDossier(message.commune, message.dossierId);
      if (!dossier) throw new PoisonMessage('no such dossier');
      const config = await provinces.config(dossier.province);
      if (!config) throw new Error(`province ${dossier.province} has no configuration`);
      const received = receiveHandoff(dossier, message.to, { now: clock.now(), calendar: provinces.calendarOf(config) });
      if (!received) return 'duplicate';
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

  /**
   * Resends hand-overs stored but still unrecorded after `olderThanMs`: the state change is written
   * first, so a crash before the send, or a lost message, is repaired here. Receivers are idempotent.
   */
  async function resendStale(province: string, olderThanMs: number): Promise<number> {
    if (!send) throw new Error('resending hand-overs needs a sender');
    const cutoff = clock.now() - olderThanMs;
    let resent = 0;
    for (const { commune, id } of await store.dossiersInTransit(province)) {
      const dossier = await store.getDossier(commune, id);
      const pending = dossier && pendingHandoff(dossier);
      if (!dossier || !pending || parseInstant(pending.handedOverAt) > cutoff) continue;
      await send({ dossierId: dossier.id, commune: dossier.commune, to: pending.to });
      resent++;
    }
    logger.info('hand-over sweep', { province, resent });
    return resent;
  }

  return { receive, resendStale };
}

export type Handoffs = ReturnType<typeof handoffs>;
