import { describe, expect, it } from 'vitest';
import { KEPT_STATE_MS, nationalConnector, type SyncStore } from '../../shared/app/national-portal.js';
import { dossierEvent } from '../../shared/domain/events.js';
import type { Dossier } from '../../shared/domain/model.js';
import { NationalPortalFailed, type NationalRequest, type NationalSyncState } from '../../shared/domain/national-portal.js';
import { toVietnamIso } from '../../shared/domain/time.js';
import { logger } from '../../shared/observability/logger.js';
import { at, Story } from '../domain/fixtures.js';

logger.setLogLevel('SILENT');

/** The connector over a map, an adapter that fails as told, and a clock and sleep the test reads. */
function harness(versions: Dossier[], failures: (string | Error)[] = []) {
  const states = new Map<string, NationalSyncState>();
  const writes: NationalSyncState[] = [];
  const calls: NationalRequest[] = [];
  const waits: number[] = [];
  const clock = { at: at('2026-03-02T09:00+07:00'), now: () => clock.at };
  const reads: string[] = [];
  /** What an eventually consistent read answers, when it lags behind the last write. */
  const lagging = new Map<string, NationalSyncState | undefined>();
  const store: SyncStore = {
    getDossier: async () => (reads.push('dossier'), versions.at(-1)),
    withProcedure: async (image) => ({ ...image, procedure: versions[0]!.procedure }),
    getSyncState: async (_c, id, consistent = true) => {
      reads.push(consistent ? 'state' : 'state (eventual)');
      return !consistent && lagging.has(id) ? lagging.get(id) : states.get(id);
    },
    putSyncState: async (d, state) => {
      states.set(d.id, state);
      writes.push(state);
    },
  };
  const send = async (request: NationalRequest) => {
    const failure = failures.shift();
    if (failure) throw typeof failure === 'string' ? new NationalPortalFailed(failure) : failure;
    calls.push(request);
  };
  const wall = { at: 0, now: () => wall.at };
  const connector = nationalConnector({ store, send, clock, sleep: async (ms) => void waits.push(ms), wallClock: wall });
  const event = (i: number) => dossierEvent(versions[i - 1], versions[i])!;
  const image = (i: number) => ({ ...versions[i]!, procedure: { code: versions[i]!.procedure.code, version: versions[i]!.procedure.version } });
  return { connector, states, writes, calls, waits, clock, event, image, reads, lagging, wall };
}

const lifecycle = () => {
  const stories = [Story.submit()];
  for (const step of ['RECEPTION', 'ASSIGNMENT'] as const) stories.push(stories.at(-1)!.to(step));
  return stories.map((s) => s.dossier);
};

describe('the national portal connector', () => {
  it('sends each change once, with one small write when the portal took it, and nothing on a redelivery', async () => {
    const versions = lifecycle();
    const h = harness(versions);

    for (const i of [0, 1, 2, 2, 1]) await h.connector.sync(h.event(i));

    expect(h.calls.map((c) => `${c.service} ${c.isUpdating}`)).toEqual([
      'DongBoHoSoMC false',
      'DongBoHoSoMC true',
      'DongBoHoSoMC true',
      'CapNhatTienDoHoSoMC false',
    ]);
    expect(h.writes).toHaveLength(3);
    expect(h.states.get(versions[0]!.id)).toEqual({ version: 3, sentStatus: 4, stepsSent: 1, syncedAt: toVietnamIso(h.clock.at) });
  });

  it('tries a refused call again after 200 ms and 800 ms, and synchronises on the third try', async () => {
    const versions = lifecycle().slice(0, 1);
    const h = harness(versions, ['error_code 99', 'error_code 99']);

    expect(await h.connector.sync(h.event(0))).toBe('synced');

    expect(h.waits).toEqual([200, 800]);
    expect(h.calls).toHaveLength(1);
    expect(h.writes).toHaveLength(1);
  });

  it('marks the change FAILED with the adapter’s message once every try failed, throws it back, and writes nothing more while it fails alike', async () => {
    const versions = lifecycle().slice(0, 1);
    const refusal = 'DongBoHoSoMC refused (HTTP 200, error_code 99): Hệ thống đang bận';
    const h = harness(versions, [refusal, refusal, refusal, refusal, refusal, refusal]);
    const event = h.event(0);

    await expect(h.connector.sync(event)).rejects.toThrow(NationalPortalFailed);
    await expect(h.connector.sync(event)).rejects.toThrow(NationalPortalFailed);

    expect(h.writes).toEqual([{ version: 0, stepsSent: 0, failure: { version: 1, at: toVietnamIso(h.clock.at), since: event.at, error: refusal } }]);
    h.clock.at += 5 * 60_000;
    expect(await h.connector.sync(event)).toBe('synced');
    // The state without the failure: the dossier leaves the unsynced list.
    expect(h.states.get(versions[0]!.id)).toEqual({ version: 1, sentStatus: 1, stepsSent: 0, syncedAt: toVietnamIso(h.clock.at) });
  });

  it('does not retry a fault of its own (no adapter answer): it fails the change at once', async () => {
    const versions = lifecycle().slice(0, 1);
    const h = harness(versions, [new TypeError('undefined is not a function')]);

    await expect(h.connector.sync(h.event(0))).rejects.toThrow(TypeError);

    expect(h.waits).toEqual([]);
    expect(h.writes[0]!.failure!.error).toBe('undefined is not a function');
  });

  it('keeps the time of the first change that failed while later ones fail too', async () => {
    const versions = lifecycle();
    const h = harness(versions, ['a', 'a', 'a', 'b', 'b', 'b']);

    await expect(h.connector.sync(h.event(0))).rejects.toThrow();
    h.clock.at += 5 * 60_000;
    await expect(h.connector.sync(h.event(1))).rejects.toThrow();

    expect(h.writes.map((w) => [w.failure!.version, w.failure!.since, w.failure!.error])).toEqual([
      [1, h.event(0).at, 'a'],
      [2, h.event(0).at, 'b'],
    ]);
  });

  it('works from the dossier the event carries, with one eventually consistent read of the state while it is what the change expects', async () => {
    const versions = lifecycle();
    const h = harness(versions);

    for (const i of [0, 1, 2]) {
      // Each change a while after the last: the state this process wrote is no longer trusted.
      h.wall.at += KEPT_STATE_MS;
      await h.connector.sync(h.event(i), h.image(i));
    }

    expect(h.reads).toEqual(['state (eventual)', 'state (eventual)', 'state (eventual)']);
    expect(h.calls).toHaveLength(4);
  });

  it('trusts the state it wrote itself moments ago without a read, and sends nothing twice on its redelivery', async () => {
    const versions = lifecycle();
    const h = harness(versions);

    await h.connector.sync(h.event(0), h.image(0));
    h.wall.at += KEPT_STATE_MS - 1;
    await h.connector.sync(h.event(1), h.image(1));
    await h.connector.sync(h.event(2), h.image(2));
    expect(await h.connector.sync(h.event(2), h.image(2))).toBe('nothing to send');

    expect(h.reads).toEqual(['state (eventual)']);
    expect(h.calls).toHaveLength(4);
  });

  it('reads the state again, consistently, when the eventual read answers one from before the last change', async () => {
    const versions = lifecycle();
    const h = harness(versions);
    await h.connector.sync(h.event(0), h.image(0));
    const afterFirst = h.states.get(versions[0]!.id);
    await h.connector.sync(h.event(1), h.image(1));
    h.reads.length = 0;
    // The read lags: it still answers the state of the first change (and this process's own is too old to trust).
    h.lagging.set(versions[0]!.id, afterFirst);
    h.wall.at += KEPT_STATE_MS;

    await h.connector.sync(h.event(2), h.image(2));

    expect(h.reads).toEqual(['state (eventual)', 'state']);
    expect(h.calls.map((c) => `${c.service} ${c.isUpdating}`).slice(2)).toEqual(['DongBoHoSoMC true', 'CapNhatTienDoHoSoMC false']);
    // A redelivery of a synced change, read late, still sends nothing.
    h.lagging.set(versions[0]!.id, h.states.get(versions[0]!.id));
    h.wall.at += KEPT_STATE_MS;
    expect(await h.connector.sync(h.event(2), h.image(2))).toBe('nothing to send');
    expect(h.calls).toHaveLength(4);
  });

  it('reads nothing for a change the portal learns nothing from', async () => {
    const stories = [Story.submit()];
    for (const step of ['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE', 'ISSUED'] as const) stories.push(stories.at(-1)!.to(step));
    const versions = stories.map((s) => s.dossier);
    const h = harness(versions);
    const handedOver = versions.length - 1;
    expect(h.event(handedOver).type).toBe('dossier.handed-over');

    expect(await h.connector.sync(h.event(handedOver), h.image(handedOver))).toBe('nothing to send');
    expect(h.reads).toEqual([]);
  });
});
