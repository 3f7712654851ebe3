import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { newDossier } from '../support/officials.js';
import { settled } from '../support/settled.js';

const dataDir = mkdtempSync(join(tmpdir(), 'mot-cua-restart-'));
let runtime: LocalRuntime | undefined;

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const claims = { sub: 'reception@H30.01', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' };

describe('restarting the local runtime', () => {
  it('loses nothing: data stays on disk, hand-overs and events in flight are sent again, nothing twice', async () => {
    // Prepare: queue consumers stopped, so the hand-over of an accepted dossier stays in flight
    process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
    runtime = await startLocalRuntime({ dataDir, consumers: false });
    let api = apiClient(runtime);
    let token = await api.token(claims);
    const created = await api.call('POST', '/v1/communes/H30.01/dossiers', { token, body: newDossier('1.001612') });
    const accepted = await api.call('POST', `/v1/communes/H30.01/dossiers/${created.body.id}/accept`, { token, body: {} });
    expect(accepted.body).toMatchObject({ status: 'IN_PROCESSING', step: 'RECEPTION' });

    // Act: stop mid-flow (the queue emulator keeps messages in memory: they are gone) and start again
    await runtime.stop();
    runtime = await startLocalRuntime({ dataDir });
    api = apiClient(runtime);
    token = await api.token(claims);

    // Assess: the dossier is there, with its code, and reaches its department
    const path = `/v1/communes/H30.01/dossiers/${created.body.id}`;
    const received = await eventually(async () => {
      const answer = await api.call('GET', path, { token });
      return answer.body.step === 'ASSIGNMENT' && answer.body;
    }, 15_000);
    expect(received).toMatchObject({ code: accepted.body.code, version: accepted.body.version + 1 });
    const list = await api.call('GET', '/v1/communes/H30.01/dossiers', { token });
    expect(list.body.items).toHaveLength(1);
    // The acceptance's event, in the stream before the restart, still tells the applicant: once.
    const told = async () =>
      ((await api.call('GET', '/_local/messages')).body.items as { dossierId: string; type: string }[]).filter(
        (m) => m.dossierId === created.body.id && m.type === 'dossier.accepted',
      );
    await eventually(async () => (await told()).length === 1, 15_000);

    // Act again: a restart after the message was sent
    await runtime.stop();
    runtime = await startLocalRuntime({ dataDir });
    api = apiClient(runtime);
    const later = await api.call('GET', path, { token: await api.token(claims) });
    expect(later.body.version).toBe(received.version);

    // Assess: the stream read again from its start brings the acceptance to the notifications again, which send nothing twice
    await settled(runtime, { notifications: 1 });
    expect(await told()).toHaveLength(1);
  }, 90_000);
});
