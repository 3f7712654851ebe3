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

export interface ConnectorDeps {
  store: SyncStore;
  send: NationalPortal;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The national portal connector: each dossier event becomes the calls its change needs
 * (DongBoHoSoMC on a new national status, CapNhatTienDoHoSoMC per completed step). A call is
 * tried SEND_ATTEMPTS times with back-off; when every try failed, the dossier shows FAILED with
 * the adapter's message and the event is thrown back, so the queue delivers it again later and,
 * in the end, parks it in its DLQ. A redelivered event finds its version synced and sends nothing.
 */
export function nationalConnector({ store, send, clock, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) }: ConnectorDeps) {
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
   * The stored state, by an eventually consistent read when it answers what the change expects
   * (every earlier change synced, or this one already): a read that lags behind the last write
   * answers an earlier state, and only then is it read again consistently.
   */
  async function stateFor(dossier: Dossier, event: DossierEvent): Promise<NationalSyncState | undefined> {
    const early = await store.getSyncState(event.commune, event.dossierId, false);
    const expected = syncedBefore(dossier, event.version);
    const current =
      (early && early.version >= event.version) ||
      (!early?.failure && early?.sentStatus === expected?.sentStatus && (early?.stepsSent ?? 0) === (expected?.stepsSent ?? 0));
    return current ? early : store.getSyncState(event.commune, event.dossierId);
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
    await store.putSyncState(dossier, { ...plan.next, syncedAt: toVietnamIso(clock.now()) });
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
