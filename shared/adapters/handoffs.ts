import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { receiveHandoff, pendingHandoff } from '../domain/lifecycle.js';
import { DEPARTMENTS } from '../domain/model.js';
import { parseInstant } from '../domain/time.js';
import { logger } from '../http/logger.js';
import { calendarOf, provinceConfig } from '../http/tenancy.js';
import { clock } from './clock.js';
import { sendHandoff } from './queue.js';
import { getDossier, queryPartition, saveDossier, VersionConflict } from './repository.js';
import { keys } from './table.js';

const handoffMessage = z.object({
  dossierId: z.uuid(),
  commune: z.string().check(z.minLength(1)),
  to: z.enum([...DEPARTMENTS, 'DESK']),
});

/** A message that can never succeed: it is left to fail until the queue moves it to its DLQ. */
class PoisonMessage extends Error {}

const MAX_CONFLICT_RETRIES = 5;

/** Records one hand-over at its receiver; a redelivered or outdated one changes nothing. */
async function receive(body: string, accepts: (to: string) => boolean): Promise<'recorded' | 'duplicate'> {
  let message: z.output<typeof handoffMessage>;
  try {
    message = handoffMessage.parse(JSON.parse(body));
  } catch {
    throw new PoisonMessage('not a hand-over message');
  }
  if (!accepts(message.to)) throw new PoisonMessage(`a hand-over to ${message.to} on the wrong queue`);
  for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
    const dossier = await getDossier(message.commune, message.dossierId);
    if (!dossier) throw new PoisonMessage('no such dossier');
    const config = await provinceConfig(dossier.province);
    if (!config) throw new Error(`province ${dossier.province} has no configuration`);
    const received = receiveHandoff(dossier, message.to, { now: clock.now(), calendar: calendarOf(config) });
    if (!received) return 'duplicate';
    try {
      await saveDossier(received, dossier.version);
      logger.info('hand-over recorded', { dossierId: dossier.id, commune: dossier.commune, to: message.to, version: received.version });
      return 'recorded';
    } catch (error) {
      if (!(error instanceof VersionConflict)) throw error;
    }
  }
  throw new Error('the dossier kept changing while the hand-over was recorded');
}

/**
 * An SQS consumer of hand-overs, as Lambda runs it: each record on its own, failures reported
 * per record (ReportBatchItemFailures) so only they are redelivered.
 */
export function handoffConsumer(accepts: (to: string) => boolean) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      try {
        await receive(record.body, accepts);
      } catch (error) {
        logger.error('hand-over failed', { messageId: record.messageId, poison: error instanceof PoisonMessage, error: String(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
}

/**
 * Resends hand-overs stored but still unrecorded after `olderThanMs`: the state change is written
 * first, so a crash before the send, or a lost message, is repaired here. Receivers are idempotent.
 */
export async function resendStaleHandoffs(province: string, olderThanMs: number): Promise<number> {
  const cutoff = clock.now() - olderThanMs;
  let resent = 0;
  const { items } = await queryPartition('transitPK', keys.transitPK(province), 'inTransit');
  for (const item of items) {
    const [commune = '', id = ''] = String(item.PK).replace(/^C#/, '').split('#DOSSIER#');
    const dossier = await getDossier(commune, id);
    const pending = dossier && pendingHandoff(dossier);
    if (!dossier || !pending || parseInstant(pending.handedOverAt) > cutoff) continue;
    await sendHandoff({ dossierId: dossier.id, commune: dossier.commune, to: pending.to });
    resent++;
  }
  return resent;
}

