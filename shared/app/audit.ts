import { changesOnTrail, inTrailOrder, trailKey, type AuditEntry } from '../domain/audit.js';
import type { Actor } from '../domain/model.js';
import { toVietnamIsoMs } from '../domain/time.js';
import type { tenancy } from './access.js';
import type { AuditStore, Clock } from './ports.js';
import { Refused } from './refusal.js';

/** Where an access came from: the client address API Gateway saw and its request id. */
export interface AccessSource {
  sourceIp: string;
  requestId: string;
}

/** The access trail: every read of a dossier's personal data and every change, and who may list it. */
export function auditing({ store, clock, access }: { store: AuditStore; clock: Clock; access: ReturnType<typeof tenancy> }) {
  async function record(actor: Actor, source: AccessSource, dossier: { commune: string; id: string }, action: string): Promise<void> {
    const entry: AuditEntry = {
      at: toVietnamIsoMs(clock.now()),
      sub: actor.sub,
      roles: actor.roles,
      action,
      commune: dossier.commune,
      dossierId: dossier.id,
      sourceIp: source.sourceIp,
      requestId: source.requestId,
    };
    await store.recordAccess(entry);
  }

  /**
   * A dossier's trail, for the provincial inspector (any commune of the province) and the
   * commune's leader; listing it is on record too. Its changes are read from the dossier's
   * history, the other accesses from their items, merged in time order; a page ends at a trail
   * key, where the next one starts.
   */
  async function trail(actor: Actor, source: AccessSource, commune: string, id: string, limit: number, after?: string) {
    if (!actor.roles.includes('PROVINCE_AUDITOR') && !actor.roles.includes('LEADER')) {
      throw new Refused('forbidden', 'the access trail is read by the PROVINCE_AUDITOR or the commune LEADER');
    }
    const { dossier } = await access.dossierFor(actor, commune, id);
    const changes = changesOnTrail(dossier).filter((e) => after === undefined || trailKey(e) > after);
    const reads = await store.auditTrail(dossier.commune, dossier.id, limit, after);
    const merged = [...changes, ...reads.items].sort(inTrailOrder);
    const items = merged.slice(0, limit);
    const last = items.at(-1);
    await record(actor, source, dossier, 'audit-read');
    return { items, ...(last && (merged.length > limit || reads.more) ? { next: trailKey(last) } : {}) };
  }

  return { record, trail };
}
