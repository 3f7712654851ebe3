import { describe, expect, it } from 'vitest';
import { nationalConnector, type SyncStore } from '../../shared/app/national-portal.js';
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
  const store: SyncStore = {
    getDossier: async () => versions.at(-1),
    getSyncState: async (_c, id) => states.get(id),
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
  const connector = nationalConnector({ store, send, clock, sleep: async (ms) => void waits.push(ms) });
  const event = (i: number) => dossierEvent(versions[i - 1], versions[i])!;
  return { connector, states, writes, calls, waits, clock, event };
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
});
