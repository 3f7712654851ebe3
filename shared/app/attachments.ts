import { randomUUID } from 'node:crypto';
import {
  attachRefusal,
  DOWNLOAD_URL_S,
  objectKey,
  objectMismatch,
  UPLOAD_URL_S,
  withAttachment,
  withCheckedAttachment,
  type NewAttachment,
} from '../domain/attachments.js';
import { VersionConflict } from '../domain/conflicts.js';
import type { Actor, Attachment, AttachmentPurpose, Dossier } from '../domain/model.js';
import { toVietnamIso } from '../domain/time.js';
import { logger } from '../observability/logger.js';
import type { tenancy } from './access.js';
import type { citizens } from './public.js';
import type { Clock, DossierStore, FileStore } from './ports.js';
import { Refused } from './refusal.js';

/** Concurrent changes to one dossier (a desk scanning many pages at once) are absorbed by reading again. */
const MAX_ATTEMPTS = 8;
/** What a portal may download: the citizen's own files and the result, not the offices' working papers. */
const PORTAL_DOWNLOADS: AttachmentPurpose[] = ['APPLICATION', 'SUPPLEMENT', 'RESULT'];

interface Deps {
  store: Pick<DossierStore, 'saveDossier'>;
  files: FileStore;
  clock: Clock;
  access: ReturnType<typeof tenancy>;
}

/** Stores the next version of a dossier made from the latest one, reading again when another change came first. */
async function retrying<T>(attempt: () => Promise<{ next: Dossier; base: Dossier; answer: T }>, store: Deps['store']): Promise<T> {
  for (let i = 1; ; i++) {
    const { next, base, answer } = await attempt();
    try {
      await store.saveDossier(next, base.version);
      return answer;
    } catch (error) {
      if (!(error instanceof VersionConflict) || i >= MAX_ATTEMPTS) throw error instanceof VersionConflict ? new Refused('conflict', error.message) : error;
    }
  }
}

function attachmentOf(d: Dossier, aid: string): Attachment {
  const found = d.attachments?.find((a) => a.id === aid);
  if (!found) throw new Refused('not-found', `no file ${aid} on dossier ${d.id}`);
  return found;
}

/** Files of a dossier: declared with an upload URL, checked once uploaded, downloaded through a URL. */
export function attachments({ store, files, clock, access }: Deps) {
  /** A new PENDING file and the URL to upload its bytes to (15 minutes). */
  async function declare(actor: Actor, commune: string, id: string, input: NewAttachment) {
    const now = clock.now();
    const attachmentId = randomUUID();
    const { dossier, attachment } = await retrying(async () => {
      const { dossier: base, actor: acting } = await access.dossierFor(actor, commune, id);
      const refusal = attachRefusal(base, input, acting);
      if (refusal) throw new Refused(refusal.kind, refusal.detail, refusal.path ? [{ path: refusal.path, message: refusal.detail }] : undefined);
      const made = withAttachment(base, input, acting, { id: attachmentId, now });
      return { next: made.dossier, base, answer: made };
    }, store);
    const uploadUrl = await files.uploadUrl(objectKey(dossier.commune, dossier.id, attachment.id), attachment.contentType, attachment.size, UPLOAD_URL_S);
    logger.info('file declared', {
      dossierId: dossier.id,
      commune: dossier.commune,
      attachmentId: attachment.id,
      purpose: attachment.purpose,
      size: attachment.size,
    });
    return {
      id: attachment.id,
      uploadUrl,
      uploadHeaders: { 'content-type': attachment.contentType },
      expiresAt: toVietnamIso(now + UPLOAD_URL_S * 1000),
      status: 'PENDING' as const,
    };
  }

  /**
   * The server's check of an uploaded file: stored size, magic bytes against the declared type,
   * SHA-256 when declared. A mismatch is REJECTED and the object deleted for good.
   */
  async function complete(actor: Actor, commune: string, id: string, aid: string) {
    const { dossier, actor: acting } = await access.dossierFor(actor, commune, id);
    const declared = attachmentOf(dossier, aid);
    if (declared.uploadedBy !== acting.sub) throw new Refused('forbidden', 'a file is completed by whoever declared it');
    if (declared.status !== 'PENDING') throw new Refused('conflict', `the file is ${declared.status} already`);
    const key = objectKey(dossier.commune, dossier.id, aid);
    const stored = await files.inspect(key, declared.sha256 !== undefined);
    const mismatch = objectMismatch(declared, stored);
    if (mismatch && stored) await files.remove(key, stored.versionId);
    const checked = await retrying(async () => {
      const { dossier: base } = await access.dossierFor(actor, commune, id);
      if (attachmentOf(base, aid).status !== 'PENDING') throw new Refused('conflict', `the file is ${attachmentOf(base, aid).status} already`);
      const next = withCheckedAttachment(base, aid, mismatch, clock.now());
      return { next, base, answer: attachmentOf(next, aid) };
    }, store);
    logger.info('file checked', { dossierId: dossier.id, commune: dossier.commune, attachmentId: aid, status: checked.status });
    return { id: aid, status: checked.status as 'AVAILABLE' | 'REJECTED', ...(checked.reason ? { reason: checked.reason } : {}) };
  }

  /** An AVAILABLE file with a URL to download it (5 minutes). */
  async function download(actor: Actor, commune: string, id: string, aid: string) {
    const { dossier, actor: acting } = await access.dossierFor(actor, commune, id);
    const file = attachmentOf(dossier, aid);
    if (acting.roles.every((r) => r === 'PORTAL') && !PORTAL_DOWNLOADS.includes(file.purpose)) {
      throw new Refused('forbidden', `a portal downloads ${PORTAL_DOWNLOADS.join(', ')} files, not ${file.purpose}`);
    }
    if (file.status !== 'AVAILABLE') throw new Refused('conflict', `the file is ${file.status}: only AVAILABLE files are downloaded`);
    const now = clock.now();
    return {
      ...file,
      downloadUrl: await files.downloadUrl(objectKey(dossier.commune, dossier.id, aid), file.name, file.contentType, DOWNLOAD_URL_S),
      expiresAt: toVietnamIso(now + DOWNLOAD_URL_S * 1000),
    };
  }

  return { declare, complete, download };
}

/** The electronic result for the citizen, by code and secret, once the result is at the desk. */
export function electronicResults({ lookup, files, clock }: { lookup: ReturnType<typeof citizens>['lookup']; files: FileStore; clock: Clock }) {
  return async function result(code: string, secret: string) {
    const dossier = await lookup(code, secret);
    if (dossier.status !== 'RESULT_READY' && dossier.status !== 'RETURNED')
      throw new Refused('conflict', `the result is not ready (the dossier is ${dossier.status})`);
    const signed = (dossier.attachments ?? []).filter((a) => a.purpose === 'RESULT' && a.status === 'AVAILABLE');
    if (!dossier.result || signed.length === 0) throw new Refused('not-found', 'this result was issued on paper only: it is handed over at the desk');
    const expiresAt = toVietnamIso(clock.now() + DOWNLOAD_URL_S * 1000);
    return {
      code,
      procedure: { code: dossier.procedure.code, name: dossier.procedure.name },
      decision: dossier.result.decision,
      files: await Promise.all(
        signed.map(async (a) => ({
          id: a.id,
          name: a.name,
          contentType: a.contentType,
          size: a.size,
          downloadUrl: await files.downloadUrl(objectKey(dossier.commune, dossier.id, a.id), a.name, a.contentType, DOWNLOAD_URL_S),
          expiresAt,
        })),
      ),
    };
  };
}
