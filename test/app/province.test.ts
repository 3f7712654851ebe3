/** Configuration, reports and the citizen's lookup over the in-memory store. */
import { describe, expect, it } from 'vitest';
import { reporting } from '../../shared/app/reports.js';
import { sha256 } from '../../shared/app/secrets.js';
import { COMMUNE, officials } from '../domain/fixtures.js';
import { inMemoryApp, newDossier, PUBLIC_ORIGIN } from './support.js';

describe('the province administrator', () => {
  it('onboards a commune that can receive dossiers at once; a stale version is a conflict', async () => {
    const { app } = inMemoryApp();
    const commune = { code: 'H30.07', province: 'LCI', name: 'Bản Bo' };
    expect(await app.admin.putCommune(officials.admin, commune, 0)).toEqual({ commune, version: 1, created: true });
    await expect(app.admin.putCommune(officials.admin, commune, 0)).rejects.toMatchObject({
      kind: 'conflict',
      detail: 'commune H30.07: it is at version 1, not 0',
    });
    const desk = { ...officials.reception, commune: 'H30.07' };
    expect((await app.submit({ actor: desk, commune: 'H30.07', input: newDossier })).dossier.status).toBe('SUBMITTED');
    await expect(app.admin.putCommune(officials.auditor, commune)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('publishes procedure versions in order', async () => {
    const { app } = inMemoryApp();
    const current = (await app.provinces.config('LCI'))!.procedures[0]!;
    const { version: _v, ...fields } = current;
    const fees = [{ code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI' as const, amount: 5000, collectAt: 'RECEPTION' as const }];
    const next = await app.admin.putProcedure(officials.admin, 'LCI', { ...fields, fees }, 1);
    expect(next).toMatchObject({ created: false, procedure: { version: 2, fees } });
    await expect(app.admin.putProcedure(officials.admin, 'LCI', fields, 1)).rejects.toMatchObject({
      kind: 'conflict',
      detail: `procedure ${current.code} is at version 2, not 1`,
    });
  });
});

describe('the citizen', () => {
  it('looks a dossier up by code and secret, whatever wrong secrets came before', async () => {
    const { app, store } = inMemoryApp();
    const { dossier, lookupSecret } = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier });
    const accepted = await app.workflow.step('accept', { actor: officials.reception, commune: COMMUNE, id: dossier.id, input: {} });
    expect(store.dossiers.get(`${COMMUNE}/${dossier.id}`)?.lookupSecretHash).toBe(sha256(lookupSecret));
    expect((await app.citizen.lookup(accepted.code!, lookupSecret)).id).toBe(dossier.id);
    // The printed receipt derives the same secret again; a dossier with another secret gets none.
    expect(await app.forms.receiptPage(accepted)).toEqual({ secret: lookupSecret, url: `${PUBLIC_ORIGIN}/tra-cuu/${accepted.code}#${lookupSecret}` });
    expect(await app.forms.receiptPage({ ...accepted, lookupSecretHash: sha256('random') })).toEqual({ url: `${PUBLIC_ORIGIN}/tra-cuu/${accepted.code}` });
    for (let i = 0; i < 10; i++) await expect(app.citizen.lookup(accepted.code!, 'wrong')).rejects.toMatchObject({ kind: 'not-found' });
    expect((await app.citizen.lookup(accepted.code!, lookupSecret)).id).toBe(dossier.id);
    await expect(app.citizen.rate(accepted.code!, 'wrong', { score: 5 })).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('the SLA report', () => {
  it('is stored per commune on a working day, read by the leader, and skipped on a day off', async () => {
    const { app, clock } = inMemoryApp();
    const { dossier } = await app.submit({ actor: officials.reception, commune: COMMUNE, input: newDossier });
    await app.workflow.step('accept', { actor: officials.reception, commune: COMMUNE, id: dossier.id, input: {} });
    clock.at += 10 * 24 * 3_600_000; // Thursday 12 March 2026, long past the three working days
    const run = await app.reports.runSlaReports('LCI');
    expect(run.communes.find((c) => c.commune === COMMUNE)).toMatchObject({ openDossiers: 1, overdue: 1 });
    expect((await app.reports.communeSla(officials.leader, COMMUNE)).entries.map((e) => e.dossierId)).toContain(dossier.id);
    await expect(app.reports.communeSla(officials.reception, COMMUNE)).rejects.toMatchObject({ kind: 'forbidden' });
    clock.at += 2 * 24 * 3_600_000; // Saturday
    expect(await app.reports.runSlaReports('LCI')).toMatchObject({ skipped: 'not a working day', communes: [] });
  });

  it('lists the certificates registered for the commune that expire within 30 days, soonest first, and no other', async () => {
    const { app, clock, store } = inMemoryApp();
    const day = 24 * 3_600_000;
    const registered = (role: 'LEADER' | 'SEAL', commune: string, inDays: number, sub?: string) => ({
      commune,
      role,
      ...(sub ? { sub } : {}),
      provider: 'local',
      credentialRef: `${role}-${commune}`,
      certificate: {
        subject: `CN=${role} ${commune}`,
        issuer: 'CN=Một Cửa Test Root',
        fingerprint: `${role}-${commune}-${inDays}`,
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: new Date(clock.at + inDays * day).toISOString(),
      },
      registeredAt: '2026-01-01T08:00:00+07:00',
      registeredBy: 'admin',
    });
    store.provinces.get('LCI')!.signers = [
      registered('SEAL', COMMUNE, 29),
      registered('LEADER', COMMUNE, 12, 'leader@H30.01'),
      registered('LEADER', COMMUNE, 45, 'deputy@H30.01'),
      registered('SEAL', 'H30.02', 3),
    ];
    await app.reports.runSlaReports('LCI');
    const report = await app.reports.communeSla(officials.leader, COMMUNE);
    expect(report.expiringCertificates.map((c) => [c.role, c.sub, c.fingerprint])).toEqual([
      ['LEADER', 'leader@H30.01', `LEADER-${COMMUNE}-12`],
      ['SEAL', undefined, `SEAL-${COMMUNE}-29`],
    ]);
  });

  it("opens on the latest report there is when no day is asked: on a day off, the last working day's", async () => {
    const { app, clock } = inMemoryApp();
    await expect(app.reports.communeSla(officials.leader, COMMUNE)).rejects.toMatchObject({ kind: 'not-found' });
    await expect(app.reports.provinceSla(officials.admin, 'LCI')).rejects.toMatchObject({ kind: 'not-found' });
    clock.at += 3 * 24 * 3_600_000; // Thursday 5 March 2026
    await app.reports.runSlaReports('LCI');
    clock.at += 3 * 24 * 3_600_000; // Sunday 8 March: no report of today
    expect((await app.reports.communeSla(officials.leader, COMMUNE)).date).toBe('2026-03-05');
    expect((await app.reports.provinceSla(officials.admin, 'LCI')).date).toBe('2026-03-05');
    // A day asked for is that day, or none.
    await expect(app.reports.communeSla(officials.leader, COMMUNE, '2026-03-08')).rejects.toMatchObject({ kind: 'not-found' });
    expect((await app.reports.communeSla(officials.leader, COMMUNE, '2026-03-05')).date).toBe('2026-03-05');
  });
});

describe("the province's SLA roll-up", () => {
  it('comes a page of communes at a time, in the province’s order, with the totals of them all on every page', async () => {
    const { app, store } = inMemoryApp();
    for (const [code, name] of [
      ['H30.03', 'Pắc Ta'],
      ['H30.04', 'Nậm Sỏ'],
      ['H30.05', 'Thân Thuộc'],
    ] as const) {
      await app.admin.putCommune(officials.admin, { code, province: 'LCI', name }, 0);
    }
    for (const commune of [COMMUNE, 'H30.03']) {
      await app.submit({ actor: { ...officials.reception, commune }, commune, input: newDossier });
    }
    await app.reports.runSlaReports('LCI', true);
    const all = await app.reports.provinceSla(officials.admin, 'LCI');
    expect(all.nextCursor).toBeNull();
    const order = all.communes.map((r) => r.commune);
    expect(order).toEqual(['H30.01', 'H30.02', 'H30.03', 'H30.04', 'H30.05']);

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await app.reports.provinceSla(officials.admin, 'LCI', undefined, { cursor, limit: 2 });
      expect([page.openDossiers, page.overdue, page.atRisk, page.missing]).toEqual([all.openDossiers, all.overdue, all.atRisk, all.missing]);
      pages.push(page.communes.map((r) => r.commune));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.flat()).toEqual(order);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);

    // A budget smaller than one report still answers one commune a page.
    const small = reporting({ ...app, store, rollupPageBytes: 1 });
    const first = await small.provinceSla(officials.admin, 'LCI');
    expect(first.communes.map((r) => r.commune)).toEqual([order[0]]);
    expect(first.nextCursor).toBe(order[0]);
    await expect(app.reports.provinceSla(officials.admin, 'LCI', undefined, { cursor: 'H99.99' })).rejects.toMatchObject({ kind: 'invalid' });
  });
});
