import { createHash, randomUUID } from 'node:crypto';
import { objectKey } from '../domain/attachments.js';
import { RegisterMoved, VersionConflict } from '../domain/conflicts.js';
import { eachAtMost } from '../domain/concurrency.js';
import { check, decide, RULES } from '../domain/lifecycle.js';
import { nameField, type Actor, type Attachment, type Commune, type Dossier } from '../domain/model.js';
import type { ProvinceConfig } from '../domain/province.js';
import {
  certificateRefusal,
  DEFAULT_SIGNING_TIMEOUT_S,
  commonName,
  leaderSignature,
  resultDraft,
  sessionExpired,
  withSession,
  withSessionEnded,
  type CertificateFacts,
  type PdfSigner,
  type SessionCertificate,
  type SessionMessage,
  type SignatureFieldSpec,
  type SignerRegistration,
  type SignerRole,
  type SigningOperation,
  type SigningProvider,
  type SigningSession,
  type TimestampAuthority,
} from '../domain/signing.js';
import { toVietnamIso } from '../domain/time.js';
import { logger } from '../observability/logger.js';
import type { tenancy } from './access.js';
import type { Clock, DossierStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { refused, Refused } from './refusal.js';
import type { AccessSource } from './audit.js';
import { backOff, MAX_NUMBERING_ATTEMPTS, nextRegisterLine } from './transition.js';

/*
 * Signed electronic results (ký số): the leader's signature of the result's draft at approval,
 * asked of a provider and completed once the signer confirmed (a delayed queue brings each
 * session back, no function waits), and the commune's seal with a timestamp at issuance, over
 * the leader's signature checked first. Keys never come here: hashes go out, values come back.
 */

/** What the signing use cases need besides the store: files, providers, the PDF signer, the queue. */
export interface SigningPorts {
  files: { read(key: string): Promise<Uint8Array | undefined>; write(key: string, bytes: Uint8Array, contentType: string): Promise<void> };
  pdf: PdfSigner;
  /** The provider a registration names; throws when the province has none by that name. */
  provider(name: string): SigningProvider;
  timestamps: TimestampAuthority;
  /** The province's trust anchors (DER). */
  trustAnchors(province: string): Uint8Array[];
  certificateFacts(chain: Uint8Array[], anchors: Uint8Array[], at: Date): CertificateFacts;
  /** The provider whose credentials are issued on first use (the local emulator), if any. */
  autoRegistering(): string | undefined;
  /** Stores a signer's registration in the province's configuration. */
  register(province: string, registration: SignerRegistration): Promise<void>;
  /** Brings a session back after the queue's delay. */
  later(message: SessionMessage): Promise<void>;
  /** Whether an error is the provider's fault (unreachable, too slow, an answer that is not one). */
  isProviderFault(error: unknown): boolean;
  /** Whether an error says a file is not a PDF the signer can read. */
  isNotAPdf(error: unknown): boolean;
}

export type { SessionMessage };

interface Deps {
  store: Pick<DossierStore, 'getDossier' | 'saveDossier' | 'lastRegisterNumber'>;
  clock: Clock;
  provinces: Provinces;
  access: ReturnType<typeof tenancy>;
  ports: SigningPorts;
}

/** A session stored on a dossier another writer changed meanwhile is tried again this many times. */
const MAX_ATTEMPTS = 3;
/** Dossiers of one authorisation prepared or completed at once: enough to hide the store's and the files' latency. */
const CONCURRENCY = 5;

/** One dossier of a leader's approval of many with one signature. */
export interface SignedApprovalItem {
  id: string;
  expectedVersion?: number;
  input: { decision: 'APPROVED' | 'REJECTED'; note: string };
}

/** What became of one item: its dossier waiting in the shared session, or why it is not part of it. */
export type SignedApprovalResult = { id: string; session: SigningSession; dossier: Dossier } | { id: string; refusal: Refused };

/** Where a session stands at its provider, asked once for every dossier it signs for. */
type ProviderAnswer = 'waiting' | { ended: 'REJECTED' | 'EXPIRED' | 'FAILED'; reason: string } | { signatures: Uint8Array[]; chain: Uint8Array[] };

/** A signature dictionary's time has whole seconds: the file is prepared again with exactly it. */
const wholeSeconds = (at: number) => new Date(Math.floor(at / 1000) * 1000);
const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function fieldOf(session: Pick<SigningSession, 'role' | 'by' | 'signingTime'>, commune: Commune, signer: string): SignatureFieldSpec {
  return {
    name: session.role,
    signer,
    reason: session.role === 'LEADER' ? 'Phê duyệt kết quả giải quyết thủ tục hành chính' : 'Văn thư đóng dấu phát hành',
    location: commune.name,
    at: new Date(session.signingTime),
  };
}

const certificateOf = (facts: CertificateFacts): SessionCertificate => ({
  subject: facts.subject,
  issuer: facts.issuer,
  fingerprint: facts.fingerprint,
  notAfter: facts.notAfter,
});

/** What a session records when it begins, whatever its role: the file, what the provider was sent, with which certificate. */
function sessionOf(
  id: string,
  base: Pick<SigningSession, 'role' | 'by' | 'byName' | 'signingTime'>,
  draft: Attachment,
  who: { providerName: string; credentialRef: string; facts: CertificateFacts },
  operation: string,
  file: Uint8Array,
  digest: string,
  now: number,
) {
  return {
    id,
    ...base,
    attachmentId: draft.id,
    provider: who.providerName,
    credentialRef: who.credentialRef,
    operation,
    sourceSha256: sha256Hex(file),
    digest,
    startedAt: toVietnamIso(now),
    certificate: certificateOf(who.facts),
  };
}

export function signing({ store, clock, provinces, access, ports }: Deps) {
  function attachmentOf(d: Dossier, id: string): Attachment {
    const found = d.attachments?.find((a) => a.id === id);
    if (!found) throw new Refused('not-found', `no file ${id} on dossier ${d.id}`);
    return found;
  }

  async function readFile(d: Dossier, a: Attachment): Promise<Uint8Array> {
    const bytes = await ports.files.read(objectKey(d.commune, d.id, a.id));
    if (!bytes) throw new Refused('conflict', `the file ${a.id} has no stored bytes`);
    return bytes;
  }

  /** A credential's chain from its provider, checked against the province's anchors and the role's rules (refused with `kind`). */
  async function checkedCredential(
    config: ProvinceConfig,
    commune: Commune,
    role: SignerRole,
    credential: { provider: string; credentialRef: string },
    kind: 'conflict' | 'invalid',
  ) {
    let provider: SigningProvider;
    try {
      provider = ports.provider(credential.provider);
    } catch {
      throw new Refused('invalid', `the province has no signing provider ${credential.provider}`, [{ path: 'body.provider', message: 'an unknown provider' }]);
    }
    const chain = await providerCall(() => provider.chain(credential.credentialRef));
    const now = clock.now();
    const facts = ports.certificateFacts(chain, ports.trustAnchors(config.code), new Date(now));
    const refusal = certificateRefusal(facts, role, commune, now);
    if (refusal) throw new Refused(kind, refusal, kind === 'invalid' ? [{ path: 'body.credentialRef', message: refusal }] : undefined);
    return { ...credential, provider, providerName: credential.provider, chain, facts, now };
  }

  const registrationOf = (
    commune: Commune,
    role: SignerRole,
    sub: string | undefined,
    checked: Awaited<ReturnType<typeof checkedCredential>>,
    by: string,
  ): SignerRegistration => ({
    commune: commune.code,
    role,
    ...(role === 'LEADER' && sub ? { sub } : {}),
    provider: checked.providerName,
    credentialRef: checked.credentialRef,
    certificate: {
      subject: checked.facts.subject,
      issuer: checked.facts.issuer,
      fingerprint: checked.facts.fingerprint,
      notBefore: checked.facts.notBefore,
      notAfter: checked.facts.notAfter,
    },
    registeredAt: toVietnamIso(checked.now),
    registeredBy: by,
  });

  /**
   * Who signs for a commune in a role: the registered certificate, fetched again and checked (still
   * valid, still the one registered). Locally a credential is issued and registered on first use.
   */
  async function signer(config: ProvinceConfig, commune: Commune, role: SignerRole, sub?: string) {
    const registered = config.signers?.find((r) => r.commune === commune.code && r.role === role && (role === 'SEAL' || r.sub === sub));
    const auto = registered ? undefined : ports.autoRegistering();
    if (!registered && !auto) {
      throw new Refused(
        'conflict',
        role === 'LEADER' ? `no certificate is registered for ${sub} to sign for ${commune.code}` : `no seal certificate is registered for ${commune.code}`,
      );
    }
    const credential = registered ?? { provider: auto!, credentialRef: role === 'LEADER' ? `leader:${commune.code}:${sub}` : `seal:${commune.code}` };
    const checked = await checkedCredential(config, commune, role, credential, 'conflict');
    if (registered && registered.certificate.fingerprint !== checked.facts.fingerprint) {
      throw new Refused('conflict', `the provider's certificate for ${credential.credentialRef} is not the one registered: register it again`);
    }
    if (!registered) await ports.register(config.code, registrationOf(commune, role, sub, checked, 'system:first-use'));
    return checked;
  }

  /**
   * The province registers who signs for a commune: the credential's chain is fetched from its
   * provider and must chain to the province's anchors, be valid, allow digital signatures and, for
   * the seal, name the commune; its fingerprint and expiry are kept.
   */
  async function register(
    actor: Actor,
    province: string,
    communeCode: string,
    role: SignerRole,
    sub: string | undefined,
    input: { provider: string; credentialRef: string },
  ): Promise<SignerRegistration> {
    const config = await access.provinceFor(actor, province, ['PROVINCE_ADMIN']);
    const commune = config.communes.find((c) => c.code === communeCode);
    if (!commune) throw new Refused('not-found', `no commune ${communeCode} in province ${province}`);
    const checked = await checkedCredential(config, commune, role, input, 'invalid');
    const registration = registrationOf(commune, role, sub, checked, actor.sub);
    await ports.register(province, registration);
    await provinces.config(province, true);
    logger.info('signer registered', { province, commune: communeCode, role, fingerprint: registration.certificate.fingerprint });
    return registration;
  }

  async function providerCall<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (ports.isProviderFault(error)) throw new Refused('conflict', (error as Error).message);
      throw error;
    }
  }

  /** A dossier the leader may approve with their signature now: its state, the version the caller saw, a PDF draft. */
  async function approvable(actor: Actor, commune: string, id: string, expectedVersion: number | undefined) {
    const found = await access.dossierFor(actor, commune, id);
    const refusal = check(found.dossier, 'approve', found.actor);
    if (refusal) throw refused(refusal);
    if (expectedVersion !== undefined && expectedVersion !== found.dossier.version) {
      throw new Refused('conflict', `the dossier is at version ${found.dossier.version}, not ${expectedVersion}`);
    }
    const draft = resultDraft(found.dossier);
    if (!draft) throw new Refused('conflict', 'the dossier has no result draft (a PDF RESULT file) to sign');
    return { ...found, draft };
  }

  /** The draft's file and the hash the provider signs for the leader's field on it. */
  async function preparedDraft(dossier: Dossier, draft: Attachment, field: SignatureFieldSpec, chain: Uint8Array[]) {
    const file = await readFile(dossier, draft);
    try {
      return { file, ...(await ports.pdf.prepare(file, field, chain)) };
    } catch (error) {
      if (ports.isNotAPdf(error)) throw new Refused('conflict', `the result draft is not a readable PDF: ${(error as Error).message}`);
      throw error;
    }
  }

  /** The leader's session as stored on a dossier it signs for. */
  const leaderSession = (
    id: string,
    base: Pick<SigningSession, 'role' | 'by' | 'byName' | 'signingTime'>,
    draft: Attachment,
    who: Awaited<ReturnType<typeof signer>>,
    operation: SigningOperation,
    prepared: { file: Uint8Array; digest: string },
    decision: SignedApprovalItem['input'],
    now: number,
  ): SigningSession => ({
    ...sessionOf(id, base, draft, who, operation.operation, prepared.file, prepared.digest, now),
    // Signed at once (KMS, a service that asks the signer nothing): the queue completes the session with these, not by asking the provider again.
    ...(operation.status === 'SIGNED' ? { signatures: operation.signatures.map((v) => Buffer.from(v).toString('base64')) } : {}),
    status: 'PENDING',
    expiresAt: toVietnamIso(now + DEFAULT_SIGNING_TIMEOUT_S * 1000),
    decision,
  });

  /**
   * The leader approves with their signature: the latest draft's hash goes to their provider and
   * a session waits for them to confirm on their device; the dossier moves on only once signed.
   */
  async function approve(request: {
    actor: Actor;
    commune: string;
    id: string;
    expectedVersion?: number;
    input: { decision: 'APPROVED' | 'REJECTED'; note: string };
    source?: AccessSource;
  }): Promise<{ session: SigningSession; dossier: Dossier }> {
    const { config, dossier, actor, draft } = await approvable(request.actor, request.commune, request.id, request.expectedVersion);
    const commune = config.communes.find((c) => c.code === dossier.commune)!;
    const who = await signer(config, commune, 'LEADER', actor.sub);
    const now = clock.now();
    const id = randomUUID();
    const signingTime = toVietnamIso(wholeSeconds(now).getTime());
    const base = { role: 'LEADER' as const, by: actor.sub, ...nameField('byName', actor), signingTime };
    const prepared = await preparedDraft(dossier, draft, fieldOf(base, commune, commonName(who.facts.subject)), who.chain);
    const operation = await providerCall(() => who.provider.signHashes(who.credentialRef, [prepared.hash], id));
    const session = leaderSession(id, base, draft, who, operation, prepared, request.input, now);
    const waiting = withSession(dossier, session);
    try {
      await store.saveDossier(waiting, dossier.version);
    } catch (error) {
      if (error instanceof VersionConflict) throw new Refused('conflict', error.message);
      throw error;
    }
    await ports.later({ commune: dossier.commune, dossierId: dossier.id, sessionId: id });
    logger.info('signing started', { dossierId: dossier.id, commune: dossier.commune, sessionId: id, role: 'LEADER', provider: who.providerName });
    return { session, dossier: waiting };
  }

  /**
   * The leader approves many dossiers of a commune with one signature (§19): every draft that can
   * be signed is prepared, their hashes go to the provider in one request, and the leader confirms
   * once on their device for all of them. Each of those dossiers keeps the same session and waits
   * at APPROVAL; the queue brings the session back once for all of them. An item that cannot be
   * signed (its state, version, commune or draft) fails alone and is not part of the session.
   */
  async function approveMany(request: { actor: Actor; commune: string; items: SignedApprovalItem[] }): Promise<SignedApprovalResult[]> {
    const { actor } = request;
    const roles: readonly string[] = RULES.approve.roles;
    if (!actor.roles.some((r) => roles.includes(r))) throw new Refused('forbidden', `approve needs one of the roles ${roles.join(', ')}`);
    const { config, commune } = await access.communeFor(actor, request.commune);
    const results: SignedApprovalResult[] = new Array(request.items.length);
    const refuse = (index: number, error: unknown) => {
      if (!(error instanceof Refused)) throw error;
      results[index] = { id: request.items[index]!.id, refusal: error };
    };
    // As for one dossier: its state and draft first, then the signer, then the draft's file.
    const approvals: { index: number; dossier: Dossier; draft: Attachment }[] = [];
    await eachAtMost(CONCURRENCY, request.items, async (item, index) => {
      try {
        approvals.push({ index, ...(await approvable(actor, request.commune, item.id, item.expectedVersion)) });
      } catch (error) {
        refuse(index, error);
      }
    });
    if (!approvals.length) return results;
    let who: Awaited<ReturnType<typeof signer>>;
    try {
      who = await signer(config, commune, 'LEADER', actor.sub);
    } catch (error) {
      approvals.forEach(({ index }) => refuse(index, error));
      return results;
    }
    const now = clock.now();
    const id = randomUUID();
    const base = { role: 'LEADER' as const, by: actor.sub, ...nameField('byName', actor), signingTime: toVietnamIso(wholeSeconds(now).getTime()) };
    const field = fieldOf(base, commune, commonName(who.facts.subject));
    const ready: { index: number; dossier: Dossier; draft: Attachment; prepared: Awaited<ReturnType<typeof preparedDraft>> }[] = [];
    await eachAtMost(CONCURRENCY, approvals, async ({ index, dossier, draft }) => {
      try {
        ready.push({ index, dossier, draft, prepared: await preparedDraft(dossier, draft, field, who.chain) });
      } catch (error) {
        refuse(index, error);
      }
    });
    if (!ready.length) return results;
    // The hashes in the order of the request: each session keeps its hash's place among them.
    ready.sort((x, y) => x.index - y.index);
    let operation;
    try {
      operation = await providerCall(() =>
        who.provider.signHashes(
          who.credentialRef,
          ready.map((r) => r.prepared.hash),
          id,
        ),
      );
    } catch (error) {
      ready.forEach(({ index }) => refuse(index, error));
      return results;
    }
    const waiting: string[] = [];
    const failures: unknown[] = [];
    // A dossier changed between its check and now is refused; its hash was sent, its signature is never used.
    // Any other failure to save one does not stop the others: those saved waiting must still reach the queue.
    await eachAtMost(CONCURRENCY, ready, async ({ index, dossier, draft, prepared }, place) => {
      const item = request.items[index]!;
      const session: SigningSession = {
        ...leaderSession(id, base, draft, who, operation, prepared, item.input, now),
        ...(ready.length > 1 ? { together: { index: place, of: ready.length } } : {}),
      };
      const stored = withSession(dossier, session);
      try {
        await store.saveDossier(stored, dossier.version);
      } catch (error) {
        if (error instanceof VersionConflict) results[index] = { id: item.id, refusal: new Refused('conflict', error.message) };
        else failures.push(error);
        return;
      }
      results[index] = { id: item.id, session, dossier: stored };
      waiting.push(dossier.id);
    });
    if (waiting.length) {
      await ports.later(
        waiting.length === 1
          ? { commune: request.commune, dossierId: waiting[0]!, sessionId: id }
          : { commune: request.commune, dossierIds: waiting, sessionId: id },
      );
    }
    logger.info('signing started', {
      commune: request.commune,
      sessionId: id,
      role: 'LEADER',
      provider: who.providerName,
      dossiers: waiting.length,
      refused: request.items.length - waiting.length,
    });
    if (failures.length) throw failures[0];
    return results;
  }

  /**
   * A session brought back by the queue: its provider is asked once where it stands, for every
   * dossier it signs for. Still waiting, it is sent again; ended without a signature, each
   * dossier stays at APPROVAL with the reason; signed, each signed file is stored as its draft's
   * next version and each dossier moves on as approve does. A session completes once per
   * dossier: each is stored on the version read, and a dossier whose session is no longer
   * PENDING is left alone. One dossier failing does not hold back the others; the message comes
   * back for it.
   */
  async function poll(message: SessionMessage): Promise<'waiting' | 'done'> {
    const ids = 'dossierIds' in message ? message.dossierIds : [message.dossierId];
    const waiting = (await Promise.all(ids.map((id) => waitingOn(message.commune, id, message.sessionId)))).filter((w) => w !== undefined);
    if (!waiting.length) return 'done';
    const now = clock.now();
    const answer = await providerAnswer(waiting[0]!.session, now);
    if (answer === 'waiting') {
      await ports.later(message);
      return 'waiting';
    }
    const failures: unknown[] = [];
    await eachAtMost(CONCURRENCY, waiting, async (w) => {
      try {
        await settle(w.dossier, w.session, answer, now);
      } catch (error) {
        failures.push(error);
      }
    });
    if (failures.length) throw failures[0];
    return 'done';
  }

  /** A dossier whose copy of the session still waits, with it. */
  async function waitingOn(commune: string, dossierId: string, sessionId: string) {
    const dossier = await store.getDossier(commune, dossierId);
    const session = dossier?.signings?.find((s) => s.id === sessionId);
    return dossier && session?.status === 'PENDING' ? { dossier, session } : undefined;
  }

  /**
   * The provider's answer to a session: still waiting, ended without a signature, or the signature
   * values and the signer's chain. A session past its time is asked once more: a signature the
   * signer confirmed in time completes even when the queue brings it back late (a batch's
   * completion cut short and delivered again), and one still waiting expires.
   */
  async function providerAnswer(session: SigningSession, now: number): Promise<ProviderAnswer> {
    const expired = sessionExpired(session, now);
    const expiry = { ended: 'EXPIRED' as const, reason: `the signer did not confirm within ${DEFAULT_SIGNING_TIMEOUT_S / 60} minutes` };
    const provider = ports.provider(session.provider);
    try {
      const operation: SigningOperation = session.signatures
        ? { operation: session.operation, status: 'SIGNED', signatures: session.signatures.map((v) => Buffer.from(v, 'base64')) }
        : await provider.status(session.operation);
      if (operation.status === 'PENDING') return expired ? expiry : 'waiting';
      if (operation.status !== 'SIGNED') return { ended: operation.status, reason: operation.reason };
      const files = session.together?.of ?? 1;
      if (operation.signatures.length !== files) {
        return { ended: 'FAILED', reason: `the provider answered ${operation.signatures.length} signature values for ${files} files` };
      }
      const chain = await provider.chain(session.credentialRef);
      if (session.certificate && sha256Hex(chain[0]!) !== session.certificate.fingerprint) {
        return { ended: 'FAILED', reason: "the provider's certificate changed while the signature was waiting" };
      }
      return { signatures: operation.signatures, chain };
    } catch (error) {
      if (ports.isProviderFault(error)) return expired ? expiry : { ended: 'FAILED', reason: (error as Error).message };
      throw error;
    }
  }

  /** One dossier's session ended as the provider answered, stored on the version read (read again when another writer came first). */
  async function settle(dossier: Dossier, session: SigningSession, answer: Exclude<ProviderAnswer, 'waiting'>, now: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await outcomeOf(dossier, session, answer, now);
      try {
        await store.saveDossier(outcome, dossier.version);
        logger.info('signing ended', {
          dossierId: dossier.id,
          commune: dossier.commune,
          sessionId: session.id,
          status: outcome.signings?.find((s) => s.id === session.id)?.status,
        });
        return;
      } catch (error) {
        if (!(error instanceof VersionConflict) || attempt >= MAX_ATTEMPTS) throw error;
      }
      const again = await waitingOn(dossier.commune, dossier.id, session.id);
      if (!again) return;
      ({ dossier, session } = again);
    }
  }

  /** The dossier to store once its session ended: left at APPROVAL with the reason, or signed and moved on. */
  async function outcomeOf(dossier: Dossier, session: SigningSession, answer: Exclude<ProviderAnswer, 'waiting'>, now: number): Promise<Dossier> {
    const end = (status: 'REJECTED' | 'EXPIRED' | 'FAILED', reason: string) => withSessionEnded(dossier, session.id, status, reason, now)!;
    if ('ended' in answer) return end(answer.ended, answer.reason);
    // The provider answered one value per file of the session (providerAnswer checked): this file's is at its hash's place.
    const signatureValue = answer.signatures[session.together?.index ?? 0]!;
    const { config, commune } = await provinces.communeOf(dossier.province, dossier.commune);
    if (!config || !commune) throw new Error(`no commune ${dossier.commune} in the configuration`);
    const draft = attachmentOf(dossier, session.attachmentId);
    const file = await readFile(dossier, draft);
    if (sha256Hex(file) !== session.sourceSha256) return end('FAILED', 'the draft changed while its signature was waiting');
    const field = fieldOf(session, commune, commonName(session.certificate?.subject ?? session.by));
    let signed: Uint8Array;
    try {
      signed = await ports.pdf.complete(file, field, { digest: session.digest, chain: answer.chain, signatureValue });
    } catch (error) {
      return end('FAILED', `the signature could not be completed: ${(error as Error).message}`);
    }
    const read = ports.pdf.read(signed).at(-1);
    if (!read?.valid) return end('FAILED', "the provider's signature value does not verify with the signer's certificate");
    await ports.files.write(objectKey(dossier.commune, dossier.id, draft.id), signed, draft.contentType);
    // The values a provider gave at once are in the file now: the dossier keeps no copy of them.
    const { signatures: _given, ...kept } = session;
    const completed: SigningSession = { ...kept, status: 'SIGNED', completedAt: toVietnamIso(now) };
    const sha256 = sha256Hex(signed);
    const withFile: Dossier = {
      ...dossier,
      attachments: dossier.attachments!.map((a) => (a.id === draft.id ? { ...a, size: signed.length, sha256 } : a)),
      signings: dossier.signings!.map((s) => (s.id === completed.id ? completed : s)),
    };
    // The approval is recorded under the leader's name as it was when they asked to sign.
    const leader: Actor = {
      sub: session.by,
      ...(session.byName ? { name: session.byName } : {}),
      roles: ['LEADER'],
      province: dossier.province,
      commune: dossier.commune,
    };
    const decision = decide(withFile, { type: 'approve', decision: session.decision!.decision, note: session.decision!.note, signing: completed }, leader, {
      now,
      calendar: provinces.calendarOf(config),
    });
    if (!decision.ok) return end('FAILED', decision.refusal.detail);
    return decision.dossier;
  }

  /** A session of a dossier, as its readers see it. */
  async function session(actor: Actor, commune: string, id: string, sid: string): Promise<SigningSession> {
    const { dossier } = await access.dossierFor(actor, commune, id);
    const found = dossier.signings?.find((s) => s.id === sid);
    if (!found) throw new Refused('not-found', `no signing ${sid} on dossier ${id}`);
    return found;
  }

  /**
   * The clerk issues: the result takes the next line of the commune's outgoing register (sổ văn
   * bản đi); a result the leader signed is checked (the stored file is the one signed, and the
   * signature verifies), then sealed with a timestamp over it, as the file's next version.
   */
  async function issue(request: {
    actor: Actor;
    commune: string;
    id: string;
    expectedVersion?: number;
    input: { number?: number; symbol?: string; issuedOn?: string };
    source?: AccessSource;
  }): Promise<Dossier> {
    const { config, dossier, actor } = await access.dossierFor(request.actor, request.commune, request.id);
    const refusal = check(dossier, 'issue', actor);
    if (refusal) throw refused(refusal);
    if (request.expectedVersion !== undefined && request.expectedVersion !== dossier.version) {
      throw new Refused('conflict', `the dossier is at version ${dossier.version}, not ${request.expectedVersion}`);
    }
    const now = clock.now();
    const given = request.input.number;
    let line = await nextRegisterLine(store, dossier.commune, now, request.input);
    if (given !== undefined && given !== line.registration.number) {
      throw new Refused('conflict', `the outgoing register's next number for ${line.counter.year} is ${line.counter.number}`, [
        { path: 'body.number', message: `the next number is ${line.counter.number}` },
      ]);
    }
    const commune = config.communes.find((c) => c.code === dossier.commune)!;
    const leader = leaderSignature(dossier);
    const seal = leader ? await sealed(config, commune, dossier, leader, actor, now) : undefined;
    const source = request.source && { roles: request.actor.roles, ...request.source };
    // Issues at once may find the register moved on: each takes its next line again (the seal names no number).
    for (let numbering = 1; ; numbering++) {
      const command = { type: 'issue' as const, registration: line.registration, ...(seal ? { seal: seal.session } : {}) };
      const decision = decide(seal?.dossier ?? dossier, command, actor, { now, calendar: provinces.calendarOf(config), ...(source ? { source } : {}) });
      if (!decision.ok) throw refused(decision.refusal);
      try {
        await store.saveDossier(decision.dossier, dossier.version, undefined, line.counter);
      } catch (error) {
        if (error instanceof RegisterMoved && given === undefined && numbering < MAX_NUMBERING_ATTEMPTS) {
          await backOff(numbering);
          line = await nextRegisterLine(store, dossier.commune, now, request.input);
          continue;
        }
        if (error instanceof VersionConflict || error instanceof RegisterMoved) throw new Refused('conflict', error.message);
        throw error;
      }
      logger.info('result issued', { dossierId: dossier.id, commune: dossier.commune, register: line.registration.number, sealed: Boolean(seal) });
      return decision.dossier;
    }
  }

  /**
   * The exact file the leader signed, by the size and SHA-256 recorded with their signature: the
   * stored file, or its beginning when a seal was stored after it but the issue's save failed (a
   * seal is an update appended to the file, so an issue tried again seals that file once more,
   * not the sealed one). Anything else is a change after the leader signed: refused.
   */
  function leaderSigned(stored: Uint8Array, draft: Attachment): Uint8Array {
    if (!draft.sha256 || sha256Hex(stored) === draft.sha256) return stored;
    const signed = stored.subarray(0, draft.size);
    if (stored.length > draft.size && sha256Hex(signed) === draft.sha256) return signed;
    throw new Refused('conflict', "the result file changed after the leader signed it: the leader's signature no longer covers it");
  }

  /** The leader's signed file checked, then the seal added over it (timestamped) and stored as its next version. */
  async function sealed(config: ProvinceConfig, commune: Commune, dossier: Dossier, leader: SigningSession, actor: Actor, now: number) {
    const draft = attachmentOf(dossier, leader.attachmentId);
    if (draft.contentType !== 'application/pdf') throw new Refused('conflict', 'the signed result is not a PDF');
    const file = leaderSigned(await readFile(dossier, draft), draft);
    let read;
    try {
      read = ports.pdf.read(file);
    } catch {
      throw new Refused('conflict', 'the signed result is not a readable PDF');
    }
    const theirs = read.findLast((s) => s.field === 'LEADER');
    if (!theirs?.valid || !theirs.coversDocument) throw new Refused('conflict', "the leader's signature of the result does not verify");
    const fingerprint = sha256Hex(theirs.chain[0]!);
    if (leader.certificate && fingerprint !== leader.certificate.fingerprint) {
      throw new Refused('conflict', "the result's signature is not the one the leader made at approval");
    }
    const who = await signer(config, commune, 'SEAL');
    const id = randomUUID();
    const base = { role: 'SEAL' as const, by: actor.sub, ...nameField('byName', actor), signingTime: toVietnamIso(wholeSeconds(now).getTime()) };
    const field = fieldOf(base, commune, commonName(who.facts.subject));
    const prepared = await ports.pdf.prepare(file, field, who.chain);
    const operation = await providerCall(() => who.provider.signHashes(who.credentialRef, [prepared.hash], id));
    if (operation.status !== 'SIGNED')
      throw new Refused('conflict', "the seal's provider did not sign at once: a seal is applied without a person's confirmation");
    let signed: Uint8Array;
    try {
      signed = await providerCall(() =>
        ports.pdf.complete(file, field, { digest: prepared.digest, chain: who.chain, signatureValue: operation.signatures[0]! }, ports.timestamps),
      );
    } catch (error) {
      if (error instanceof Refused) throw error;
      throw new Refused('conflict', `the seal could not be applied: ${(error as Error).message}`);
    }
    const check = ports.pdf.read(signed).at(-1);
    if (!check?.valid || !check.timestamped) throw new Refused('conflict', "the seal's signature value does not verify with its certificate");
    await ports.files.write(objectKey(dossier.commune, dossier.id, draft.id), signed, draft.contentType);
    const session: SigningSession = {
      ...sessionOf(id, base, draft, who, operation.operation, file, prepared.digest, now),
      status: 'SIGNED',
      expiresAt: toVietnamIso(now),
      completedAt: toVietnamIso(now),
    };
    const sha256 = sha256Hex(signed);
    const updated: Dossier = { ...dossier, attachments: dossier.attachments!.map((a) => (a.id === draft.id ? { ...a, size: signed.length, sha256 } : a)) };
    logger.info('signing ended', { dossierId: dossier.id, commune: dossier.commune, sessionId: id, role: 'SEAL', status: 'SIGNED' });
    return { dossier: updated, session };
  }

  /** The signatures of a file, each read and checked: who, in which role, when, with which certificate, whether it holds. */
  async function signatures(actor: Actor, commune: string, id: string, aid: string) {
    const { config, dossier } = await access.dossierFor(actor, commune, id);
    const file = attachmentOf(dossier, aid);
    if (file.status !== 'AVAILABLE') throw new Refused('conflict', `the file is ${file.status}: only AVAILABLE files are read`);
    if (file.contentType !== 'application/pdf') return [];
    const bytes = await readFile(dossier, file);
    const anchors = ports.trustAnchors(config.code);
    const now = clock.now();
    let read;
    try {
      read = ports.pdf.read(bytes);
    } catch {
      return [];
    }
    return read.map((s) => {
      const facts = ports.certificateFacts(s.chain, anchors, s.signedAt ?? new Date(now));
      const role: SignerRole = s.field === 'SEAL' ? 'SEAL' : 'LEADER';
      return {
        signer: commonName(facts.subject),
        role,
        signedAt: s.signedAt ? toVietnamIso(s.signedAt.getTime()) : null,
        timestamped: s.timestamped,
        certificate: { ...certificateOf(facts), notBefore: facts.notBefore },
        valid: s.valid && facts.chainsToAnchor,
        coversDocument: s.coversDocument,
      };
    });
  }

  return { approve, approveMany, poll, session, issue, signatures, register };
}

export type Signing = ReturnType<typeof signing>;
