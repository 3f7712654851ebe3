import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_FILES_BUCKET } from '../../infra/local/files.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startSuite } from '../support/local.js';
import { newDossier, officials } from '../support/officials.js';
import { draftPdf, nssTrusting, pdfsig, pdfText } from '../support/signing.js';

/**
 * Signed electronic results on the local runtime: the specialist's draft, the leader's signature
 * through the emulated CA (its phone confirms, refuses or lets the session expire), the clerk's
 * register number and seal with a timestamp, and what an outside verifier (pdfsig) reads of it.
 */

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let who: Awaited<ReturnType<typeof officials>>;
let nss: string;
const base = '/v1/communes/H30.01/dossiers';

const dossier = async (id: string) => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
const behaviour = (confirm: string) => api.call('PUT', '/_local/signing/behaviour', { body: { confirm } });

/** A dossier at APPROVAL whose assigned specialist attached the result's draft (none when `draft` is null); its id and the draft's. */
async function atApproval(draft?: Buffer | null): Promise<{ id: string; aid: string; code: string; secret: string }> {
  const created = await api.call('POST', base, {
    token: who.reception,
    body: newDossier('1.001612'),
    headers: { 'idempotency-key': `sig-${Math.random().toString(36).slice(2)}` },
  });
  const id = created.body.id as string;
  const code = (await api.call('POST', `${base}/${id}/accept`, { token: who.reception, body: {} })).body.code as string;
  await eventually(async () => (await dossier(id)).step === 'ASSIGNMENT');
  await api.call('POST', `${base}/${id}/assign`, { token: who.head.ECONOMICS, body: { assignee: who.specialistSub('ECONOMICS') } });
  const aid = draft === null ? '' : await attachDraft(id, draft ?? (await draftPdf()));
  await api.call('POST', `${base}/${id}/propose`, { token: who.specialist.ECONOMICS, body: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
  await api.call('POST', `${base}/${id}/review`, { token: who.head.ECONOMICS, body: { agree: true, note: 'Trình' } });
  return { id, aid, code, secret: created.body.lookupSecret };
}

/** The assigned specialist attaches the result's draft; its attachment id. */
async function attachDraft(id: string, bytes: Buffer): Promise<string> {
  const declared = await api.call('POST', `${base}/${id}/attachments`, {
    token: who.specialist.ECONOMICS,
    body: { name: 'Dự thảo quyết định.pdf', purpose: 'RESULT', contentType: 'application/pdf', size: bytes.length },
  });
  expect(declared.status, JSON.stringify(declared.body)).toBe(201);
  await fetch(declared.body.uploadUrl, { method: 'PUT', headers: declared.body.uploadHeaders, body: bytes });
  const checked = await api.call('POST', `${base}/${id}/attachments/${declared.body.id}/complete`, { token: who.specialist.ECONOMICS, body: {} });
  expect(checked.body.status).toBe('AVAILABLE');
  return declared.body.id as string;
}

const approveSigned = (id: string) =>
  api.call('POST', `${base}/${id}/approve`, { token: who.leader, body: { decision: 'APPROVED', note: 'Đồng ý', sign: true } });
const session = async (id: string, sid: string) => (await api.call('GET', `${base}/${id}/signing/${sid}`, { token: who.leader })).body;
const stored = async (id: string, aid: string) => {
  const answer = await api.call('GET', `${base}/${id}/attachments/${aid}`, { token: who.clerk });
  return Buffer.from(await (await fetch(answer.body.downloadUrl)).arrayBuffer());
};

beforeAll(async () => {
  ({ runtime, api, who } = await startSuite());
  const anchor = await fetch(`${runtime.url}/_local/signing/trust-anchor`);
  nss = await nssTrusting(await anchor.text());
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
});

describe("the leader's signature at approval and the clerk's seal at issuance", () => {
  it('signs through the emulated phone, seals with a timestamp: pdfsig trusts both, the citizen downloads the signed file', async () => {
    await behaviour('auto');
    const { id, aid, code, secret } = await atApproval();
    const unsigned = await api.call('POST', `${base}/${id}/approve`, { token: who.leader, body: { decision: 'APPROVED', note: 'Đồng ý' } });
    expect(unsigned.status).toBe(409);
    expect(unsigned.body.detail).toContain('sign: true');

    const started = await approveSigned(id);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.signing.status).toBe('PENDING');
    const sid = started.body.signing.id as string;
    expect((await dossier(id)).step).toBe('APPROVAL');
    expect((await approveSigned(id)).status).toBe(409);
    // The same session brought back twice more at once: it still completes once.
    for (let i = 0; i < 2; i++) {
      await runtime.sqs.send(
        new SendMessageCommand({ QueueUrl: runtime.queueUrls.SIGNING, MessageBody: JSON.stringify({ commune: 'H30.01', dossierId: id, sessionId: sid }) }),
      );
    }

    const signed = await eventually(async () => {
      const s = await session(id, sid);
      return s.status !== 'PENDING' && s;
    }, 30_000);
    expect(signed, signed.reason).toMatchObject({ status: 'SIGNED', role: 'LEADER', attachmentId: aid });
    const approved = await dossier(id);
    expect(approved.step).toBe('ISSUANCE');
    expect(approved.result).toMatchObject({ decision: 'APPROVED', electronic: true });
    await new Promise((r) => setTimeout(r, 2500));
    const settled = await dossier(id);
    expect(settled.version).toBe(approved.version);
    expect(settled.history.filter((h: { action: string }) => h.action === 'approve')).toHaveLength(1);

    const leaderSigned = await stored(id, aid);
    const issued = await api.call('POST', `${base}/${id}/issue`, { token: who.clerk, body: { symbol: '1/QĐ-UBND' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.registration).toMatchObject({ number: expect.any(Number), symbol: '1/QĐ-UBND' });
    const sealed = await stored(id, aid);
    expect(sealed.subarray(0, leaderSigned.length).equals(leaderSigned)).toBe(true);

    const report = await pdfsig(nss, sealed);
    expect(report).toHaveLength(2);
    for (const s of report) {
      expect(s).toContain('Signature is Valid.');
      expect(s).toContain('Certificate is Trusted.');
    }
    const signatures = await api.call('GET', `${base}/${id}/attachments/${aid}/signatures`, { token: who.clerk });
    expect(signatures.status).toBe(200);
    expect(
      signatures.body.map((s: { role: string; valid: boolean; timestamped: boolean; coversDocument: boolean }) => [
        s.role,
        s.valid,
        s.timestamped,
        s.coversDocument,
      ]),
    ).toEqual([
      ['LEADER', true, false, false],
      ['SEAL', true, true, true],
    ]);
    expect(signatures.body[1].certificate.subject).toContain('H30.01');

    // Form 06 names who signed the result, when, and with which certificate, on paper too.
    const sheet = (await api.call('GET', `${base}/${id}/forms/06`, { token: who.reception })).body;
    expect(sheet.signatures.map((s: { role: string; certificateFingerprint: string }) => [s.role, s.certificateFingerprint])).toEqual(
      signatures.body.map((s: { role: string; certificate: { fingerprint: string } }) => [s.role, s.certificate.fingerprint]),
    );
    const printed = await pdfText(
      Buffer.from(
        await (
          await fetch(`${runtime.url}${base}/${id}/forms/06`, { headers: { authorization: `Bearer ${who.reception}`, accept: 'application/pdf' } })
        ).arrayBuffer(),
      ),
    );
    expect(printed).toContain('Chữ ký số trên kết quả điện tử');
    for (const s of sheet.signatures) {
      expect(printed).toContain(s.signer);
      expect(printed).toContain(s.certificateFingerprint);
    }
    expect(sheet.signatures[1].signer).toBe('Ủy ban nhân dân xã Tân Uyên');

    const changed = Buffer.from(sealed);
    changed[200] = changed[200]! ^ 0x01;
    expect((await pdfsig(nss, changed))[0]).toContain('Digest Mismatch.');

    await eventually(async () => (await dossier(id)).status === 'RESULT_READY');
    const lookup = await api.call('GET', `/v1/lookup/${code}/result?secret=${secret}`);
    expect(lookup.status).toBe(200);
    const downloaded = Buffer.from(await (await fetch(lookup.body.files[0].downloadUrl)).arrayBuffer());
    expect(downloaded.equals(sealed)).toBe(true);
    // The citizen's page names who signed, as the certificates do, and when.
    const status = await api.call('POST', `/v1/lookup/${code}`, { body: { secret } });
    expect(status.body.result.signatures.map((g: { role: string; signer: string }) => [g.role, g.signer])).toEqual([
      ['LEADER', signatures.body[0].signer],
      ['SEAL', signatures.body[1].signer],
    ]);
    expect(status.body.result.signatures[1].signedAt).toBe(issued.body.signings.at(-1).completedAt);
  }, 120_000);

  it('the phone refuses, lets the session expire, or the provider answers garbage: the dossier stays at APPROVAL with the reason', async () => {
    for (const confirm of ['reject', 'expire', 'garbage']) {
      await behaviour(confirm);
      const { id } = await atApproval();
      const started = await approveSigned(id);
      expect(started.status).toBe(202);
      const ended = await eventually(async () => {
        const s = await session(id, started.body.signing.id);
        return s.status !== 'PENDING' && s;
      }, 30_000);
      expect(ended.status).toBe({ reject: 'REJECTED', expire: 'EXPIRED', garbage: 'FAILED' }[confirm]);
      expect(ended.reason).toBeTruthy();
      const after = await dossier(id);
      expect(after.step).toBe('APPROVAL');
      expect(after.signings[0]).toMatchObject({ status: ended.status, reason: ended.reason });
    }
    await behaviour('auto');
  }, 120_000);

  it("completes the leader's session of a service that signs at once, asking the signer nothing: the dossier moves on with the signed file", async () => {
    await behaviour('immediate');
    try {
      const { id, aid } = await atApproval();
      const started = await approveSigned(id);
      expect(started.status).toBe(202);
      const ended = await eventually(async () => {
        const s = await session(id, started.body.signing.id);
        return s.status !== 'PENDING' && s;
      }, 30_000);
      expect(ended).toMatchObject({ status: 'SIGNED', role: 'LEADER' });
      expect(ended.reason).toBeUndefined();
      const after = await dossier(id);
      expect(after.step).toBe('ISSUANCE');
      expect(after.result).toMatchObject({ decision: 'APPROVED', electronic: true });
      const signatures = await api.call('GET', `${base}/${id}/attachments/${aid}/signatures`, { token: who.clerk });
      expect(signatures.body.map((g: { role: string; valid: boolean; coversDocument: boolean }) => [g.role, g.valid, g.coversDocument])).toEqual([
        ['LEADER', true, true],
      ]);
      const [report, ...others] = await pdfsig(nss, await stored(id, aid));
      expect(others).toEqual([]);
      expect(report).toContain('Signature is Valid.');
    } finally {
      await behaviour('auto');
    }
  }, 120_000);

  it('refuses to seal a signed result changed after the leader signed it, and a draft that is no PDF', async () => {
    await behaviour('auto');
    const { id, aid } = await atApproval();
    const started = await approveSigned(id);
    await eventually(async () => (await session(id, started.body.signing.id)).status === 'SIGNED', 30_000);
    const signed = await stored(id, aid);
    const changed = Buffer.from(signed);
    changed[200] = changed[200]! ^ 0x01;
    const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL_S3!, forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: LOCAL_FILES_BUCKET, Key: `H30.01/${id}/${aid}`, Body: changed, ContentType: 'application/pdf' }));
    const refused = await api.call('POST', `${base}/${id}/issue`, { token: who.clerk, body: {} });
    expect(refused.status).toBe(409);
    expect((await dossier(id)).step).toBe('ISSUANCE');

    // A "PDF" pdf-lib cannot read: its magic bytes pass the upload check, the signing refuses it.
    const broken = Buffer.from('%PDF-1.7\nnot a document at all\n');
    const { id: other } = await atApproval(broken);
    const answer = await approveSigned(other);
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toContain('not a readable PDF');
    expect((await dossier(other)).signings).toBeUndefined();
  }, 120_000);

  it("seals the file the leader signed once when the issue's save failed after the seal was stored, and the clerk tries again", async () => {
    await behaviour('auto');
    const { id, aid } = await atApproval();
    const started = await approveSigned(id);
    await eventually(async () => (await session(id, started.body.signing.id)).status === 'SIGNED', 30_000);
    const leaderSigned = await stored(id, aid);

    // The dossier's write of the issue (with its register line) fails once, after the sealed file was stored as the next version.
    const { dynamo } = await import('../../shared/adapters/aws.js');
    let failures = 0;
    dynamo().middlewareStack.add(
      (next, context) => async (args) => {
        const written = JSON.stringify(args.input);
        if (failures === 0 && /TransactWrite/.test(context.commandName ?? '') && written.includes(id) && written.includes('OUTGOING_REGISTER')) {
          failures++;
          throw Object.assign(new Error('the table did not answer'), { name: 'InternalServerError' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'failTheIssueOnce' },
    );
    try {
      const failed = await api.call('POST', `${base}/${id}/issue`, { token: who.clerk, body: { symbol: '7/QĐ-UBND' } });
      expect(failed.status).toBe(500);
    } finally {
      dynamo().middlewareStack.remove('failTheIssueOnce');
    }
    expect(failures).toBe(1);
    const half = await dossier(id);
    expect(half.step).toBe('ISSUANCE');
    expect(half.signings.filter((s: { role: string }) => s.role === 'SEAL')).toEqual([]);
    const sealedOnce = await stored(id, aid);
    expect(sealedOnce.length).toBeGreaterThan(leaderSigned.length);

    const issued = await api.call('POST', `${base}/${id}/issue`, { token: who.clerk, body: { symbol: '7/QĐ-UBND' } });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body.signings.filter((s: { role: string }) => s.role === 'SEAL')).toHaveLength(1);
    const sealed = await stored(id, aid);
    expect(sealed.subarray(0, leaderSigned.length).equals(leaderSigned)).toBe(true);
    const signatures = await api.call('GET', `${base}/${id}/attachments/${aid}/signatures`, { token: who.clerk });
    expect(signatures.body.map((s: { role: string; valid: boolean; coversDocument: boolean }) => [s.role, s.valid, s.coversDocument])).toEqual([
      ['LEADER', true, false],
      ['SEAL', true, true],
    ]);
    const report = await pdfsig(nss, sealed);
    expect(report).toHaveLength(2);
    for (const s of report) expect(s).toContain('Signature is Valid.');
  }, 120_000);

  it("registers a commune's seal and a leader's certificate after checking them against the province's trust anchors", async () => {
    const admin = await api.token({ sub: 'admin@LCI', roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const signers = '/v1/provinces/LCI/communes/H30.01/signers';
    const seal = await api.call('PUT', `${signers}/SEAL`, { token: admin, body: { provider: 'local', credentialRef: 'seal:H30.01' } });
    expect(seal.status, JSON.stringify(seal.body)).toBe(200);
    expect(seal.body).toMatchObject({ commune: 'H30.01', role: 'SEAL', certificate: { fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(seal.body.certificate.subject).toContain('H30.01');
    expect(Date.parse(seal.body.certificate.notAfter)).toBeGreaterThan(Date.now());

    // Another commune's seal does not name this commune; an unknown provider or credential is refused with the field.
    const foreign = await api.call('PUT', `${signers}/SEAL`, { token: admin, body: { provider: 'local', credentialRef: 'seal:H30.02' } });
    expect(foreign.status).toBe(400);
    expect(foreign.body.detail).toContain('must name the commune');
    expect((await api.call('PUT', `${signers}/SEAL`, { token: admin, body: { provider: 'elsewhere', credentialRef: 'seal:H30.01' } })).status).toBe(400);
    expect((await api.call('PUT', `${signers}/SEAL`, { token: admin, body: { provider: 'local', credentialRef: 'nothing' } })).status).toBe(409);
    expect((await api.call('PUT', `${signers}/SEAL`, { token: who.leader, body: { provider: 'local', credentialRef: 'seal:H30.01' } })).status).toBe(403);

    const leader = await api.call('PUT', `${signers}/LEADER/${encodeURIComponent('chair@H30.01')}`, {
      token: admin,
      body: { provider: 'local', credentialRef: 'leader:H30.01:chair@H30.01' },
    });
    expect(leader.status, JSON.stringify(leader.body)).toBe(200);
    expect(leader.body).toMatchObject({ role: 'LEADER', sub: 'chair@H30.01' });
  }, 60_000);
});

describe("a leader's approval of many dossiers with one signature", () => {
  type Result = { id: string; status: number; version?: number; signing?: { id: string; status: string }; problem?: { detail: string } };
  const approveBatch = (items: Record<string, unknown>[]) =>
    api.call<{ results: Result[] }>('POST', `${base}/batch`, {
      token: who.leader,
      body: { action: 'approve', items: items.map((i) => ({ ...i, body: { decision: 'APPROVED', note: 'Đồng ý', sign: true } })) },
    });
  const ended = (ids: string[], sid: string) =>
    eventually(async () => {
      const sessions = await Promise.all(ids.map((id) => session(id, sid)));
      return sessions.every((s) => s.status !== 'PENDING') && sessions;
    }, 30_000);

  it('asks the phone once for three drafts: one confirmation signs all three, each dossier moves on once', async () => {
    await behaviour('manual');
    const drafts = [await atApproval(), await atApproval(), await atApproval()];
    const ids = drafts.map((d) => d.id);

    const started = Date.now();
    const answer = await approveBatch(ids.map((id) => ({ id })));
    const answeredMs = Date.now() - started;
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => [r.id, r.status, r.signing?.status])).toEqual(ids.map((id) => [id, 202, 'PENDING']));
    const sid = answer.body.results[0]!.signing!.id;
    expect(new Set(answer.body.results.map((r) => r.signing!.id))).toEqual(new Set([sid]));
    expect(answer.body.results.map((r) => r.version)).toEqual((await Promise.all(ids.map(dossier))).map((d) => d.version));

    // The phone waits for the leader: nothing moves until they confirm, once, for all three.
    await new Promise((r) => setTimeout(r, 2500));
    expect((await Promise.all(ids.map((id) => session(id, sid)))).map((s) => s.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    expect((await Promise.all(ids.map(dossier))).map((d) => d.step)).toEqual(['APPROVAL', 'APPROVAL', 'APPROVAL']);
    const confirmedAt = Date.now();
    expect((await api.call('POST', `/_local/signing/${sid}/confirm`, { body: {} })).body.status).toBe('SIGNED');
    // The session brought back twice more at once: each dossier still completes once.
    for (let i = 0; i < 2; i++) {
      await runtime.sqs.send(
        new SendMessageCommand({ QueueUrl: runtime.queueUrls.SIGNING, MessageBody: JSON.stringify({ commune: 'H30.01', dossierIds: ids, sessionId: sid }) }),
      );
    }
    const sessions = await ended(ids, sid);
    const signedMs = Date.now() - confirmedAt;
    console.log(`3 signed approvals in one batch: answered in ${answeredMs} ms; all signed ${signedMs} ms after the confirmation`);
    expect(sessions.map((s) => [s.status, s.reason])).toEqual(ids.map(() => ['SIGNED', undefined]));
    expect(sessions.map((s) => s.attachmentId)).toEqual(drafts.map((d) => d.aid));

    await new Promise((r) => setTimeout(r, 2500));
    const approved = await Promise.all(ids.map(dossier));
    for (const d of approved) {
      expect(d.step).toBe('ISSUANCE');
      expect(d.result).toMatchObject({ decision: 'APPROVED', electronic: true });
      expect(d.history.filter((h: { action: string }) => h.action === 'approve')).toHaveLength(1);
      expect(d.signings).toHaveLength(1);
    }
    for (const { id, aid } of drafts) {
      const signatures = await api.call('GET', `${base}/${id}/attachments/${aid}/signatures`, { token: who.clerk });
      expect(signatures.body.map((s: { role: string; valid: boolean; coversDocument: boolean }) => [s.role, s.valid, s.coversDocument])).toEqual([
        ['LEADER', true, true],
      ]);
      const report = await pdfsig(nss, await stored(id, aid));
      expect(report).toHaveLength(1);
      expect(report[0]).toContain('Signature is Valid.');
      expect(report[0]).toContain('Certificate is Trusted.');
    }
    await behaviour('auto');
  }, 180_000);

  it('the phone refuses: every dossier of the session stays at APPROVAL with the reason; items that cannot be signed fail alone, outside the session', async () => {
    await behaviour('reject');
    const [first, second] = [await atApproval(), await atApproval()];
    const { id: noDraft } = await atApproval(null);
    const stale = await atApproval();
    const others = await officials(api, 'H30.02');
    const elsewhere = (await api.call('POST', '/v1/communes/H30.02/dossiers', { token: others.reception, body: newDossier('1.004873') })).body.id as string;

    const answer = await approveBatch([
      { id: first.id },
      { id: noDraft },
      { id: stale.id, expectedVersion: (await dossier(stale.id)).version - 1 },
      { id: elsewhere },
      { id: second.id },
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => r.status)).toEqual([202, 409, 409, 404, 202]);
    expect(answer.body.results[1]!.problem!.detail).toContain('no result draft');
    const sid = answer.body.results[0]!.signing!.id;
    expect(answer.body.results[4]!.signing!.id).toBe(sid);
    for (const id of [noDraft, stale.id]) expect((await dossier(id)).signings).toBeUndefined();

    const sessions = await ended([first.id, second.id], sid);
    expect(sessions.map((s) => s.status)).toEqual(['REJECTED', 'REJECTED']);
    expect(sessions[0].reason).toBeTruthy();
    expect(sessions[1].reason).toBe(sessions[0].reason);
    for (const id of [first.id, second.id]) {
      const after = await dossier(id);
      expect(after.step).toBe('APPROVAL');
      expect(after.signings[0]).toMatchObject({ status: 'REJECTED', reason: sessions[0].reason });
    }

    // The leader tries again: a new session, signed this time.
    await behaviour('auto');
    const again = await approveBatch([{ id: first.id }, { id: second.id }]);
    expect(again.body.results.map((r) => r.status)).toEqual([202, 202]);
    const next = again.body.results[0]!.signing!.id;
    expect(next).not.toBe(sid);
    expect((await ended([first.id, second.id], next)).map((s) => s.status)).toEqual(['SIGNED', 'SIGNED']);
    expect((await Promise.all([first.id, second.id].map(dossier))).map((d) => d.step)).toEqual(['ISSUANCE', 'ISSUANCE']);
  }, 180_000);
});
