import type { DossierEvent, DossierImage } from '../domain/events.js';
import type { Dossier } from '../domain/model.js';
import {
  changesNationally,
  NationalPortalFailed,
  nationalSyncOf,
  syncedBefore,
  syncPlan,
  type NationalRequest,
  type NationalSync,
  type NationalSyncState,
} from '../domain/national-portal.js';
import { toVietnamIso } from '../domain/time.js';
import { logger } from '../observability/logger.js';
import type { Clock } from './ports.js';

/** The province's integration adapter: one call, the session taken care of; throws NationalPortalFailed. */
export type NationalPortal = (request: NationalRequest) => Promise<void>;

export interface SyncStore {
  getDossier(commune: string, id: string): Promise<Dossier | undefined>;
  /** The dossier of an event's image, with its procedure from the catalogue. */
  withProcedure(image: DossierImage): Promise<Dossier>;
  /** Eventually consistent when `consistent` is false. */
  getSyncState(commune: string, dossierId: string, consistent?: boolean): Promise<NationalSyncState | undefined>;
  /** Stores the state; with a failure, the dossier is listed among the province's unsynced ones, without it no longer. */
  putSyncState(dossier: Pick<Dossier, 'province' | 'commune' | 'id' | 'code'>, state: NationalSyncState): Promise<void>;
}

/** Tries of one call before the change is marked FAILED and the event left to come back. */
export const SEND_ATTEMPTS = 3;
/** The wait before the second try; each next one waits four times longer. */
export const FIRST_BACKOFF_MS = 200;
/** At most this much of the adapter's message is kept on the dossier. */
const MAX_ERROR_LENGTH = 300;
/**
 * How long a state this process wrote is trusted without a read: well under the queue's
 * visibility timeout (180 s), the soonest another process can be handed the same event again.
 */
export const KEPT_STATE_MS = 60_000;
const KEPT_STATES = 1000;

export interface ConnectorDeps {
  store: SyncStore;
  send: NationalPortal;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  /** Real time, for how long a state it wrote is kept (the dossiers' clock may travel locally). */
  wallClock?: Clock;
}

/**
 * The national portal connector: each dossier event becomes the calls its change needs
 * (DongBoHoSoMC on a new national status, CapNhatTienDoHoSoMC per completed step). A call is
 * tried SEND_ATTEMPTS times with back-off; when every try failed, the dossier shows FAILED with
 * the adapter's message and the event is thrown back, so the queue delivers it again later and,
 * in the end, parks it in its DLQ. A redelivered event finds its version synced and sends nothing.
 */
export function nationalConnector({
  store,
  send,
  clock,
  sleep = (ms) => new Promise((r) => setTimeout(r, ms)),
  wallClock = { now: () => Date.now() },
}: ConnectorDeps) {
  /**
   * The states this process wrote lately. FIFO hands a dossier's next event over only once its
   * last one is done, so a state written here moments ago is the stored one unless another
   * process synced since — which it can do only with an event that arrives after a later change.
   */
  const kept = new Map<string, { state: NationalSyncState; atMs: number }>();
  const keep = (event: DossierEvent, state: NationalSyncState) => {
    const key = `${event.commune}/${event.dossierId}`;
    kept.delete(key);
    kept.set(key, { state, atMs: wallClock.now() });
    if (kept.size > KEPT_STATES) kept.delete(kept.keys().next().value!);
  };

  async function sendWithRetries(request: NationalRequest): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(request);
      } catch (error) {
        if (!(error instanceof NationalPortalFailed) || attempt >= SEND_ATTEMPTS) throw error;
        await sleep(FIRST_BACKOFF_MS * 4 ** (attempt - 1));
      }
    }
  }

  /**
   * The stored state: the one this process wrote lately, or an eventually consistent read, when
   * it is what the change expects (every earlier change synced, or this one already); a read
   * that lags behind the last write answers an earlier state, and only then is it read again
   * consistently.
   */
  async function stateFor(dossier: Dossier, event: DossierEvent): Promise<NationalSyncState | undefined> {
    const expected = syncedBefore(dossier, event.version);
    const current = (state: NationalSyncState | undefined) =>
      (state && state.version >= event.version) ||
      (!state?.failure && state?.sentStatus === expected?.sentStatus && (state?.stepsSent ?? 0) === (expected?.stepsSent ?? 0));
    const mine = kept.get(`${event.commune}/${event.dossierId}`);
    if (mine && wallClock.now() - mine.atMs < KEPT_STATE_MS && current(mine.state)) return mine.state;
    const early = await store.getSyncState(event.commune, event.dossierId, false);
    return current(early) ? early : store.getSyncState(event.commune, event.dossierId);
  }

  /** Synchronises one event's change; the dossier comes with the event when it fitted in the message, else it is read. */
  async function sync(event: DossierEvent, image?: DossierImage): Promise<'synced' | 'nothing to send'> {
    const dossier = image ? await store.withProcedure(image) : await store.getDossier(event.commune, event.dossierId);
    // A dossier that is not there on a consistent read was never stored: nothing to tell.
    if (!dossier) return 'nothing to send';
    // A change the portal learns nothing from needs no read: a change behind it is caught up with the next one that tells something.
    if (!changesNationally(dossier, event.version)) return 'nothing to send';
    const state = await stateFor(dossier, event);
    if (state && event.version <= state.version) return 'nothing to send';
    const plan = syncPlan(dossier, event, state);
    if (!plan) return 'nothing to send';
    try {
      for (const request of plan.requests) await sendWithRetries(request);
    } catch (error) {
      kept.delete(`${event.commune}/${event.dossierId}`);
      const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
      // One write per failing change: a redelivery that fails the same way changes nothing stored.
      if (state?.failure?.version !== event.version || state.failure.error !== message) {
        await store.putSyncState(dossier, {
          ...(state ?? { version: 0, stepsSent: 0 }),
          failure: { version: event.version, at: toVietnamIso(clock.now()), since: state?.failure?.since ?? event.at, error: message },
        });
      }
      // The adapter's message may quote the records: the log says which dossier and version only.
      logger.warn('national portal sync failed', {
        dossierId: event.dossierId,
        version: event.version,
        failure: error instanceof Error ? error.name : 'unknown',
      });
      throw error;
    }
    const synced = { ...plan.next, syncedAt: toVietnamIso(clock.now()) };
    await store.putSyncState(dossier, synced);
    keep(event, synced);
    logger.info('national portal synced', {
      dossierId: event.dossierId,
      version: event.version,
      services: plan.requests.map((r) => `${r.service}×${r.data.length}`).join(','),
    });
    return 'synced';
  }

  return { sync };
}

/** What the dossier answer shows of its synchronisation: one small read beside the dossier. */
export function nationalSyncReader({ store }: { store: Pick<SyncStore, 'getSyncState'> }) {
  return async (dossier: Dossier): Promise<NationalSync> => nationalSyncOf(dossier, await store.getSyncState(dossier.commune, dossier.id));
}
