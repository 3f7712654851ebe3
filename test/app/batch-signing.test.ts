/** A leader's approval of many dossiers under one signing authorisation, over the in-memory store with a scripted provider. */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signing, type SessionMessage, type SigningPorts } from '../../shared/app/signing.js';
import { objectKey } from '../../shared/domain/attachments.js';
import type { Dossier } from '../../shared/domain/model.js';
import type { PdfSigner, SigningOperation } from '../../shared/domain/signing.js';
import { COMMUNE, officials } from '../domain/fixtures.js';
import { inMemoryApp, newDossier } from './support.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest();
const CERTIFICATE = Buffer.from('the leader certificate');
/** The scripted provider signs a hash as `sig:` and the hash itself: a value is checked against the file it was meant for. */
const valueOf = (hash: Uint8Array) => Buffer.concat([Buffer.from('sig:'), hash]);
const VALUE_BYTES = 4 + 32;

/** A PDF signer that appends the value to the file: it verifies when the value is the one of the file's own hash. */
const pdf: PdfSigner = {
  prepare: async (file) => ({ digest: sha256(file).toString('hex'), hash: sha256(file) }),
  complete: async (file, _field, signed) => Buffer.concat([file, signed.signatureValue]),
  read: (file) => {
    const source = file.subarray(0, file.length - VALUE_BYTES);
    const value = Buffer.from(file.subarray(file.length - VALUE_BYTES));
    return [{ field: 'LEADER', chain: [CERTIFICATE], timestamped: false, valid: value.equals(valueOf(sha256(source))), coversDocument: true }];
  },
};

function world() {
  const { app, store, clock, sent } = inMemoryApp();
  const files = new Map<string, Uint8Array>();
  const queued: SessionMessage[] = [];
  const requests: Uint8Array[][] = [];
  const operations = new Map<string, Uint8Array[]>();
  const phone = { answer: 'PENDING' as 'PENDING' | 'SIGNED' | 'REJECTED' | 'SHORT', atOnce: false };
  const ports: SigningPorts = {
    files: { read: async (key) => files.get(key), write: async (key, bytes) => void files.set(key, bytes) },
    pdf,
    provider: () => ({
      credentials: async () => [],
      chain: async () => [CERTIFICATE],
      async signHashes(_ref, hashes, clientData) {
        requests.push(hashes);
        operations.set(clientData, hashes);
        // A provider that asks the signer nothing (a KMS key) signs at once and has no status to ask.
        if (phone.atOnce) return { operation: clientData, status: 'SIGNED', signatures: hashes.map(valueOf) };
        return { operation: clientData, status: 'PENDING' };
      },
      async status(operation): Promise<SigningOperation> {
        if (phone.atOnce) throw new Error('a provider that signed at once has no status to ask');
        const hashes = operations.get(operation)!;
        if (phone.answer === 'REJECTED') return { operation, status: 'REJECTED', reason: 'Người ký đã từ chối trên thiết bị' };
        if (phone.answer === 'PENDING') return { operation, status: 'PENDING' };
        return { operation, status: 'SIGNED', signatures: (phone.answer === 'SHORT' ? hashes.slice(1) : hashes).map(valueOf) };
      },
    }),
    timestamps: { timestamp: async () => new Uint8Array() },
    trustAnchors: () => [],
    certificateFacts: () => ({
      subject: 'CN=Lãnh đạo UBND xã, O=Một Cửa',
      issuer: 'CN=Một Cửa Test Root',
      fingerprint: sha256(CERTIFICATE).toString('hex'),
      notBefore: '2025-01-01T00:00:00+07:00',
      notAfter: '2028-01-01T00:00:00+07:00',
      digitalSignature: true,
      chainsToAnchor: true,
    }),
    autoRegistering: () => 'scripted',
    register: async () => undefined,
    later: async (message) => void queued.push(message),
    isProviderFault: () => false,
    isNotAPdf: () => false,
  };
  const signed = signing({ store, clock, provinces: app.provinces, access: app.access, ports });
  const { reception, head, specialist } = officials;

  /** A dossier at APPROVAL, its result drafted as a PDF unless `drafted` is false. */
  async function atApproval(drafted = true): Promise<Dossier> {
    const { dossier } = await app.submit({ actor: reception, commune: COMMUNE, input: newDossier });
    const ref = { commune: COMMUNE, id: dossier.id };
    await app.workflow.step('accept', { actor: reception, ...ref, input: {} });
    await app.intake.receive(sent.at(-1)!, (to) => to !== 'DESK');
    const assigned = await app.workflow.step('assign', { actor: head, ...ref, input: { assignee: specialist.sub } });
    if (drafted) {
      const bytes = Buffer.from(`%PDF-1.7 Quyết định cho hồ sơ ${dossier.id}`);
      const draft = {
        id: randomUUID(),
        name: 'Dự thảo.pdf',
        purpose: 'RESULT' as const,
        contentType: 'application/pdf' as const,
        size: bytes.length,
        status: 'AVAILABLE' as const,
        createdAt: '2026-03-02T09:00:00+07:00',
        uploadedBy: specialist.sub,
      };
      files.set(objectKey(COMMUNE, dossier.id, draft.id), bytes);
      await store.saveDossier({ ...assigned, attachments: [draft], version: assigned.version + 1 }, assigned.version);
    }
    await app.workflow.step('propose', { actor: specialist, ...ref, input: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
    return app.workflow.step('review', { actor: head, ...ref, input: { agree: true, note: 'Trình ký' } });
  }
  const read = async (id: string) => (await store.getDossier(COMMUNE, id))!;
  const approveMany = (items: { id: string; expectedVersion?: number }[]) =>
    signed.approveMany({
      actor: officials.leader,
      commune: COMMUNE,
      items: items.map((i) => ({ ...i, input: { decision: 'APPROVED' as const, note: 'Đồng ý' } })),
    });
  return { signed, store, files, queued, requests, phone, clock, atApproval, read, approveMany };
}

describe("a leader's approval of many dossiers with one signature", () => {
  it('sends the three drafts in one request; one answer signs each file with its own value and approves each dossier once', async () => {
    const { signed, files, queued, requests, phone, atApproval, read, approveMany } = world();
    const dossiers = [await atApproval(), await atApproval(), await atApproval()];

    const results = await approveMany(dossiers.map((d) => ({ id: d.id, expectedVersion: d.version })));

    expect(requests.map((hashes) => hashes.length)).toEqual([3]);
    const sid = 'session' in results[0]! ? results[0].session.id : '';
    expect(results.map((r) => ('session' in r ? [r.id, r.session.id, r.session.together] : r))).toEqual(
      dossiers.map((d, i) => [d.id, sid, { index: i, of: 3 }]),
    );
    expect(queued).toEqual([{ commune: COMMUNE, dossierIds: expect.arrayContaining(dossiers.map((d) => d.id)), sessionId: sid }]);
    expect(queued[0]).toHaveProperty('dossierIds.length', 3);

    expect(await signed.poll(queued[0]!)).toBe('waiting');
    expect((await Promise.all(dossiers.map((d) => read(d.id)))).map((d) => d.step)).toEqual(['APPROVAL', 'APPROVAL', 'APPROVAL']);
    phone.answer = 'SIGNED';
    // The same message delivered twice: each dossier completes once.
    expect(await Promise.all([signed.poll(queued[0]!), signed.poll(queued[0]!)])).toEqual(['done', 'done']);
    expect(await signed.poll(queued[0]!)).toBe('done');

    for (const before of dossiers) {
      const after = await read(before.id);
      expect(after.step).toBe('ISSUANCE');
      expect(after.signings!.map((s) => s.status)).toEqual(['SIGNED']);
      expect(after.history.filter((h) => h.action === 'approve')).toHaveLength(1);
      const draft = after.attachments![0]!;
      expect(pdf.read(files.get(objectKey(COMMUNE, after.id, draft.id))!)[0]!.valid).toBe(true);
    }
  });

  it('refused on the phone: every dossier of the session stays at APPROVAL with the reason; items that cannot be signed fail alone', async () => {
    const { signed, queued, requests, phone, atApproval, read, approveMany } = world();
    const [first, second, stale] = [await atApproval(), await atApproval(), await atApproval()];
    const undrafted = await atApproval(false);

    const results = await approveMany([
      { id: first!.id },
      { id: undrafted.id },
      { id: stale!.id, expectedVersion: stale!.version - 1 },
      { id: randomUUID() },
      { id: second!.id },
    ]);

    expect(results.map((r) => ('refusal' in r ? r.refusal.kind : 'session'))).toEqual(['session', 'conflict', 'conflict', 'not-found', 'session']);
    expect(requests.map((hashes) => hashes.length)).toEqual([2]);
    expect((await read(undrafted.id)).signings).toBeUndefined();
    expect((await read(stale!.id)).signings).toBeUndefined();

    phone.answer = 'REJECTED';
    expect(await signed.poll(queued[0]!)).toBe('done');
    for (const id of [first!.id, second!.id]) {
      const after = await read(id);
      expect(after.step).toBe('APPROVAL');
      expect(after.signings).toEqual([expect.objectContaining({ status: 'REJECTED', reason: 'Người ký đã từ chối trên thiết bị' })]);
    }
  });

  it('brought back after its time: signed if the leader confirmed, else expired', async () => {
    const { signed, queued, phone, clock, atApproval, read, approveMany } = world();
    const confirmed = [await atApproval(), await atApproval()];
    await approveMany(confirmed.map((d) => ({ id: d.id })));
    const waiting = [await atApproval(), await atApproval()];
    await approveMany(waiting.map((d) => ({ id: d.id })));
    clock.at += 6 * 60_000;

    phone.answer = 'SIGNED';
    await signed.poll(queued[0]!);
    phone.answer = 'PENDING';
    await signed.poll(queued[1]!);

    expect((await Promise.all(confirmed.map((d) => read(d.id)))).map((d) => [d.step, d.signings![0]!.status])).toEqual([
      ['ISSUANCE', 'SIGNED'],
      ['ISSUANCE', 'SIGNED'],
    ]);
    expect((await Promise.all(waiting.map((d) => read(d.id)))).map((d) => [d.step, d.signings![0]!.status])).toEqual([
      ['APPROVAL', 'EXPIRED'],
      ['APPROVAL', 'EXPIRED'],
    ]);
  });

  it('a provider that answers fewer values than files signs none of them', async () => {
    const { signed, queued, phone, atApproval, read, approveMany } = world();
    const dossiers = [await atApproval(), await atApproval()];
    await approveMany(dossiers.map((d) => ({ id: d.id })));
    phone.answer = 'SHORT';
    await signed.poll(queued[0]!);
    for (const d of dossiers)
      expect((await read(d.id)).signings).toEqual([
        expect.objectContaining({ status: 'FAILED', reason: expect.stringContaining('1 signature values for 2 files') }),
      ]);
  });

  it('a provider that signs at once: the session keeps the values until the queue completes each dossier, which then keeps no copy', async () => {
    const { signed, files, queued, phone, atApproval, read, approveMany } = world();
    phone.atOnce = true;
    const dossiers = [await atApproval(), await atApproval(), await atApproval()];
    await approveMany(dossiers.map((d) => ({ id: d.id })));
    expect((await read(dossiers[0]!.id)).signings![0]!.signatures).toHaveLength(3);

    expect(await signed.poll(queued[0]!)).toBe('done');
    for (const before of dossiers) {
      const after = await read(before.id);
      expect([after.step, after.signings![0]!.status, after.signings![0]!.signatures]).toEqual(['ISSUANCE', 'SIGNED', undefined]);
      expect(pdf.read(files.get(objectKey(COMMUNE, after.id, after.attachments![0]!.id))!)[0]!.valid).toBe(true);
    }
  });

  it('a store failure while the sessions are saved still sends the session of every dossier saved waiting: none is left held back', async () => {
    const { store, queued, atApproval, read, approveMany } = world();
    const dossiers = [await atApproval(), await atApproval(), await atApproval()];
    const save = store.saveDossier.bind(store);
    store.saveDossier = async (d, expected) => {
      if (d.id === dossiers[1]!.id) throw new Error('the table is throttled');
      return save(d, expected);
    };

    await expect(approveMany(dossiers.map((d) => ({ id: d.id, expectedVersion: d.version })))).rejects.toThrow('the table is throttled');

    const waiting = (await Promise.all(dossiers.map((d) => read(d.id)))).filter((d) => d.signings?.some((s) => s.status === 'PENDING'));
    expect(waiting.map((d) => d.id).sort()).toEqual([dossiers[0]!.id, dossiers[2]!.id].sort());
    const sent = queued.flatMap((m) => ('dossierIds' in m ? m.dossierIds : [m.dossierId]));
    for (const d of waiting) expect(sent).toContain(d.id);
  });
});
