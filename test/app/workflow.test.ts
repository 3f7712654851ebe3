/** The use cases over the in-memory store: the same loop the handlers run against DynamoDB. */
import { describe, expect, it } from 'vitest';
import { PoisonMessage } from '../../shared/app/handoffs.js';
import { Refused } from '../../shared/app/refusal.js';
import { handoffOf } from '../../shared/queues/consumer.js';
import { verifyHistory } from '../../shared/domain/history-chain.js';
import type { DossierImage } from '../../shared/domain/events.js';
import type { Dossier } from '../../shared/domain/model.js';
import { COMMUNE, officials } from '../domain/fixtures.js';
import { inMemoryApp, newDossier } from './support.js';

const HOUR = 3_600_000;

describe('a dossier through the application, in memory', () => {
  it('goes from submission to return, each hand-over sent once it is stored and recorded by its receiver', async () => {
    const { app, store, clock, sent } = inMemoryApp();
    const { reception, head, specialist, leader, clerk } = officials;
    const { dossier: submitted } = await app.submit({ actor: reception, commune: COMMUNE, input: newDossier });
    const ref = { commune: COMMUNE, id: submitted.id };

    const accepted = await app.workflow.step('accept', { actor: reception, ...ref, input: {} });
    expect(accepted).toMatchObject({ status: 'IN_PROCESSING', step: 'RECEPTION', code: expect.stringMatching(/^H30\.01-260302-0001$/) });
    expect(sent).toEqual([{ dossierId: submitted.id, commune: COMMUNE, to: 'ECONOMICS' }]);
    expect(store.dossiers.get(`${COMMUNE}/${submitted.id}`)?.version).toBe(accepted.version);

    expect(await app.intake.receive(sent[0]!, (to) => to !== 'DESK')).toBe('recorded');
    expect(await app.intake.receive(sent[0]!, (to) => to !== 'DESK')).toBe('duplicate');
    clock.at += HOUR;
    await app.workflow.step('assign', { actor: head, ...ref, input: { assignee: specialist.sub } });
    await app.workflow.step('propose', { actor: specialist, ...ref, input: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
    await app.workflow.step('review', { actor: head, ...ref, input: { agree: true, note: 'Trình ký' } });
    await app.workflow.step('approve', { actor: leader, ...ref, input: { decision: 'APPROVED', note: 'Đồng ý' } });
    await app.workflow.step('issue', { actor: clerk, ...ref, input: {} });
    expect(sent.at(-1)).toEqual({ dossierId: submitted.id, commune: COMMUNE, to: 'DESK' });
    expect(await app.intake.receive(sent.at(-1)!, (to) => to === 'DESK')).toBe('recorded');
    const returned = await app.workflow.step('return', { actor: reception, ...ref, input: {} });

    expect(returned).toMatchObject({ status: 'RETURNED', timeliness: 'EARLY' });
    expect(returned.history.map((h) => h.action)).toEqual([
      'submit',
      'accept',
      'receive',
      'assign',
      'propose',
      'review',
      'approve',
      'issue',
      'receive-result',
      'return',
    ]);
  });

  it('refuses in the application’s words: forbidden, not found, conflict — and stores nothing', async () => {
    const { app, store } = inMemoryApp();
    const { dossier } = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier });
    const ref = { commune: COMMUNE, id: dossier.id };
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => (e instanceof Refused ? { kind: e.kind, detail: e.detail } : e),
      );

    expect(await refusal(app.workflow.step('accept', { actor: officials.clerk, ...ref, input: {} }))).toMatchObject({ kind: 'forbidden' });
    expect(await refusal(app.workflow.step('accept', { actor: officials.reception, commune: 'H30.02', id: dossier.id, input: {} }))).toMatchObject({
      kind: 'forbidden',
    });
    expect(await refusal(app.workflow.step('accept', { actor: officials.reception, commune: COMMUNE, id: crypto.randomUUID(), input: {} }))).toMatchObject({
      kind: 'not-found',
    });
    expect(await refusal(app.workflow.step('return', { actor: officials.reception, ...ref, input: {} }))).toMatchObject({ kind: 'conflict' });
    expect(await refusal(app.workflow.step('accept', { actor: officials.reception, ...ref, expectedVersion: 7, input: {} }))).toEqual({
      kind: 'conflict',
      detail: 'the dossier is at version 1, not 7',
    });
    expect(store.dossiers.get(`${COMMUNE}/${dossier.id}`)?.version).toBe(1);
  });

  it('reads again when the system changed the dossier between read and write, unless the caller named a version', async () => {
    const { app, store } = inMemoryApp();
    const { dossier } = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier });
    const ref = { commune: COMMUNE, id: dossier.id };
    // Another writer stores a version in between, once.
    const save = store.saveDossier.bind(store);
    let raced = false;
    store.saveDossier = async (d, expected) => {
      if (!raced) {
        raced = true;
        const current = store.dossiers.get(`${d.commune}/${d.id}`)!;
        store.dossiers.set(`${d.commune}/${d.id}`, { ...current, version: current.version + 1 });
      }
      return save(d, expected);
    };
    expect((await app.workflow.step('accept', { actor: officials.reception, ...ref, input: {} })).version).toBe(3);

    const { dossier: other } = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier });
    raced = false;
    await expect(
      app.workflow.step('accept', { actor: officials.reception, commune: COMMUNE, id: other.id, expectedVersion: 1, input: {} }),
    ).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('a hand-over is recorded on the dossier its message carries, without reading it; on one that changed since, from the stored dossier', async () => {
    const { app, store } = inMemoryApp();
    const reads: string[] = [];
    const get = store.getDossier.bind(store);
    store.getDossier = async (commune, id) => (reads.push(id), get(commune, id));
    const image = (d: Dossier): DossierImage => ({ ...d, procedure: { code: d.procedure.code, version: d.procedure.version } });
    const accept = async () => {
      const { dossier } = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier });
      return app.workflow.step('accept', { actor: officials.reception, commune: COMMUNE, id: dossier.id, input: {} });
    };
    const toDepartment = (to: string) => to !== 'DESK';

    const accepted = await accept();
    reads.length = 0;
    expect(await app.intake.receive({ dossierId: accepted.id, commune: COMMUNE, to: 'ECONOMICS' }, toDepartment, image(accepted))).toBe('recorded');
    expect(reads).toEqual([]);
    expect(store.dossiers.get(`${COMMUNE}/${accepted.id}`)).toMatchObject({ step: 'ASSIGNMENT', version: accepted.version + 1 });

    // Withdrawn while the hand-over travelled: the message's dossier is behind, the stored one says there is nothing to record.
    const other = await accept();
    await app.workflow.step('withdraw', { actor: officials.reception, commune: COMMUNE, id: other.id, input: { reason: 'công dân rút hồ sơ' } });
    reads.length = 0;
    expect(await app.intake.receive({ dossierId: other.id, commune: COMMUNE, to: 'ECONOMICS' }, toDepartment, image(other))).toBe('duplicate');
    expect(reads).toEqual([other.id]);
    expect(store.dossiers.get(`${COMMUNE}/${other.id}`)).toMatchObject({ status: 'WITHDRAWN', version: other.version + 1 });
  });

  it('a hand-over message that can never succeed is poison', async () => {
    const { app } = inMemoryApp();
    expect(() => handoffOf('not json')).toThrow(PoisonMessage);
    expect(() => handoffOf(JSON.stringify({ dossierId: 'x', commune: COMMUNE, to: 'DESK' }))).toThrow('not a hand-over message');
    const { handoff: stray } = handoffOf(JSON.stringify({ dossierId: crypto.randomUUID(), commune: COMMUNE, to: 'DESK' }));
    await expect(app.intake.receive(stray, (to) => to !== 'DESK')).rejects.toThrow('on the wrong queue');
    await expect(app.intake.receive(stray, (to) => to === 'DESK')).rejects.toThrow('no such dossier');
  });
});

describe('submission, in memory', () => {
  it('writes the dossier of a first request that stopped between its two writes, under the id of that request, with a history that verifies', async () => {
    const { app, store } = inMemoryApp();
    const first = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier, idempotencyKey: 'desk-key-0002' });
    // The idempotency record stayed, the dossier was never written.
    store.dossiers.delete(`${COMMUNE}/${first.dossier.id}`);

    const again = await app.submit({ actor: officials.reception, commune: COMMUNE, input: { ...newDossier }, idempotencyKey: 'desk-key-0002' });
    expect(again).toMatchObject({ replayed: true, lookupSecret: first.lookupSecret, dossier: { id: first.dossier.id } });
    const repaired = store.dossiers.get(`${COMMUNE}/${first.dossier.id}`)!;
    expect(verifyHistory(repaired)).toMatchObject({ valid: true });
  });

  it('answers a retry with the same key and body with the first dossier and secret; another body is a conflict', async () => {
    const { app, store } = inMemoryApp();
    const first = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier, idempotencyKey: 'desk-key-0001' });
    const again = await app.submit({ actor: officials.reception, commune: COMMUNE, input: { ...newDossier }, idempotencyKey: 'desk-key-0001' });
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true, lookupSecret: first.lookupSecret, dossier: { id: first.dossier.id } });
    expect(store.dossiers.size).toBe(1);
    await expect(
      app.submit({ actor: officials.reception, commune: COMMUNE, input: { ...newDossier, note: 'khác' }, idempotencyKey: 'desk-key-0001' }),
    ).rejects.toMatchObject({ kind: 'conflict', detail: 'this Idempotency-Key was used with another body' });
  });

  it('names the field of an unknown procedure or competent commune', async () => {
    const { app } = inMemoryApp();
    await expect(app.submit({ actor: officials.reception, commune: COMMUNE, input: { ...newDossier, procedureCode: '9.999' } })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'body.procedureCode', message: 'unknown procedure' }],
    });
    await expect(app.submit({ actor: officials.reception, commune: COMMUNE, input: { ...newDossier, competentCommune: 'H99.99' } })).rejects.toMatchObject({
      kind: 'invalid',
      fields: [{ path: 'body.competentCommune', message: 'unknown commune' }],
    });
  });
});

describe('province configuration', () => {
  it('is read once and kept; a commune not found reads it again at once', async () => {
    const { app, store } = inMemoryApp();
    await app.provinces.config('LCI');
    await app.provinces.config('LCI');
    expect(store.provinceReads.get('LCI')).toBe(1);
    store.provinces.get('LCI')!.communes.push({ code: 'H30.09', province: 'LCI', name: 'Mới' });
    expect((await app.access.communeFor(officials.admin, 'H30.09')).commune.name).toBe('Mới');
    expect(store.provinceReads.get('LCI')).toBe(2);
  });
});
