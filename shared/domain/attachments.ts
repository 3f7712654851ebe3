/**
 * Files of a dossier (tệp đính kèm): what may be attached, by whom, in which state, and what
 * the stored bytes must look like. Pure: the application reads and writes the objects.
 */
import { ATTACHMENT_PURPOSES, nameField, type Actor, type Attachment, type AttachmentPurpose, type Dossier, type Role, type Status } from './model.js';
import { toVietnamIso, type Instant } from './time.js';

export const ATTACHMENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;
export const MAX_ATTACHMENTS = 50;
/** How long an upload URL and a download URL work. */
export const UPLOAD_URL_S = 15 * 60;
export const DOWNLOAD_URL_S = 5 * 60;

/** Where a file's bytes live in the province's bucket: under its commune and dossier. */
export const objectKey = (commune: string, dossierId: string, attachmentId: string) => `${commune}/${dossierId}/${attachmentId}`;

const OPEN: Status[] = ['SUBMITTED', 'IN_PROCESSING', 'SUPPLEMENT_REQUESTED'];

/** A result's draft may be attached from appraisal until the leader signs it (not while a signing waits). */
const drafting = (d: Dossier) =>
  d.status === 'IN_PROCESSING' && (d.step === 'APPRAISAL' || d.step === 'REVIEW' || d.step === 'APPROVAL') && !d.signings?.some((s) => s.status === 'PENDING');

/** Who may attach which purpose, and in which state of the dossier. */
const ATTACH_RULES: { role: Role; purposes: AttachmentPurpose[]; allowed: (d: Dossier, actor: Actor) => boolean; when: string }[] = [
  // A portal, for the citizen, on its own dossier (the caller checked it submitted it) until it is closed.
  { role: 'PORTAL', purposes: ['APPLICATION', 'SUPPLEMENT'], allowed: (d) => OPEN.includes(d.status), when: 'before it is closed' },
  // The desk, incl. the scans of paper documents (digitisation), while the dossier is open.
  { role: 'RECEPTION', purposes: ['APPLICATION', 'SUPPLEMENT', 'SCAN'], allowed: (d) => OPEN.includes(d.status), when: 'before it is closed' },
  // The specialist assigned to it, working papers during processing.
  {
    role: 'SPECIALIST',
    purposes: ['WORKING_PAPER'],
    allowed: (d, actor) => d.status === 'IN_PROCESSING' && d.assignee === actor.sub && actor.department === d.department,
    when: 'while it is assigned to this specialist',
  },
  // The assigned specialist, the result's draft (dự thảo) the leader signs at approval.
  {
    role: 'SPECIALIST',
    purposes: ['RESULT'],
    allowed: (d, actor) => drafting(d) && d.assignee === actor.sub && actor.department === d.department,
    when: 'as a draft by the assigned specialist, from appraisal to approval',
  },
  // The clerk, the result's draft before approval or a result signed on paper at issuance: either makes it an electronic result.
  {
    role: 'CLERK',
    purposes: ['RESULT'],
    allowed: (d) => drafting(d) || (d.status === 'IN_PROCESSING' && d.step === 'ISSUANCE'),
    when: 'from appraisal to issuance',
  },
];

export type AttachRefusal = { kind: 'forbidden' | 'conflict' | 'invalid'; detail: string; path?: string };

export interface NewAttachment {
  name: string;
  purpose: AttachmentPurpose;
  contentType: string;
  size: number;
  sha256?: string;
}

/** Files that count against the limit: every one not rejected. */
export const liveAttachments = (d: Dossier): Attachment[] => (d.attachments ?? []).filter((a) => a.status !== 'REJECTED');

/** Why this actor may not attach this file to this dossier now; undefined when it may. */
export function attachRefusal(d: Dossier, input: NewAttachment, actor: Actor): AttachRefusal | undefined {
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(input.contentType)) {
    return { kind: 'invalid', detail: `a file must be one of ${ATTACHMENT_TYPES.join(', ')}`, path: 'body.contentType' };
  }
  if (input.size > MAX_ATTACHMENT_BYTES) {
    return { kind: 'invalid', detail: `a file may have at most ${MAX_ATTACHMENT_BYTES} bytes (20 MB)`, path: 'body.size' };
  }
  const rules = ATTACH_RULES.filter((r) => actor.roles.includes(r.role));
  if (rules.length === 0) return { kind: 'forbidden', detail: `attaching files needs one of the roles ${ATTACH_RULES.map((r) => r.role).join(', ')}` };
  const forPurpose = rules.filter((r) => r.purposes.includes(input.purpose));
  if (forPurpose.length === 0) {
    return {
      kind: 'forbidden',
      detail: `${rules.map((r) => r.role).join(', ')} may attach ${rules.flatMap((r) => r.purposes).join(', ')}, not ${input.purpose}`,
    };
  }
  if (!forPurpose.some((r) => r.allowed(d, actor))) {
    const rule = forPurpose[0]!;
    // Not the assigned specialist of its department: not theirs, whatever the state.
    const notTheirs = rule.role === 'SPECIALIST' && (d.assignee !== actor.sub || actor.department !== d.department);
    return {
      kind: notTheirs ? 'forbidden' : 'conflict',
      detail: `${input.purpose} files are attached ${rule.when}; the dossier is ${d.status}${d.step ? ` at step ${d.step}` : ''}`,
    };
  }
  if (liveAttachments(d).length >= MAX_ATTACHMENTS) {
    return { kind: 'invalid', detail: `a dossier has at most ${MAX_ATTACHMENTS} files`, path: 'body' };
  }
  return undefined;
}

/** The purposes this actor may attach a file for now, by the same rules as attaching: what the console offers. */
export function attachablePurposes(d: Dossier, actor: Actor): AttachmentPurpose[] {
  if (liveAttachments(d).length >= MAX_ATTACHMENTS) return [];
  return ATTACHMENT_PURPOSES.filter((purpose) => ATTACH_RULES.some((r) => actor.roles.includes(r.role) && r.purposes.includes(purpose) && r.allowed(d, actor)));
}

/** The dossier with a new PENDING file: its bytes are still to be uploaded and checked. */
export function withAttachment(
  d: Dossier,
  input: NewAttachment,
  actor: Actor,
  ctx: { id: string; now: Instant },
): { dossier: Dossier; attachment: Attachment } {
  const attachment: Attachment = {
    id: ctx.id,
    name: input.name,
    purpose: input.purpose,
    contentType: input.contentType as AttachmentType,
    size: input.size,
    ...(input.sha256 ? { sha256: input.sha256.toLowerCase() } : {}),
    status: 'PENDING',
    createdAt: toVietnamIso(ctx.now),
    uploadedBy: actor.sub,
    ...nameField('uploadedByName', actor),
  };
  return { dossier: { ...d, attachments: [...(d.attachments ?? []), attachment], version: d.version + 1 }, attachment };
}

/** What the stored object turned out to be. */
export interface StoredObject {
  size: number;
  /** The first bytes, enough for the signatures below. */
  head: Uint8Array;
  /** Hex SHA-256 of the whole object, when the declaration asked for a check. */
  sha256?: string;
}

const SIGNATURES: { type: AttachmentType; bytes: number[] }[] = [
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
];
export const SIGNATURE_BYTES = Math.max(...SIGNATURES.map((s) => s.bytes.length));

/** The type the magic bytes of a file say it is, among the allowed ones. */
export function detectType(head: Uint8Array): AttachmentType | undefined {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => head[i] === b))?.type;
}

/** Why the stored object does not match its declaration; undefined when it does. */
export function objectMismatch(a: Attachment, stored: StoredObject | undefined): string | undefined {
  if (!stored) return 'no file was uploaded';
  if (stored.size !== a.size) return `the file has ${stored.size} bytes, ${a.size} were declared`;
  const detected = detectType(stored.head);
  if (detected !== a.contentType) return `the file is ${detected ?? 'of no allowed type'}, ${a.contentType} was declared`;
  if (a.sha256 && stored.sha256 !== a.sha256) return 'the SHA-256 of the file differs from the one declared';
  return undefined;
}

/**
 * The dossier once a file's bytes were checked: AVAILABLE, or REJECTED with the reason. A result
 * file makes the result electronic; a scan is counted as digitisation.
 */
export function withCheckedAttachment(d: Dossier, id: string, mismatch: string | undefined, now: Instant): Dossier {
  const at = toVietnamIso(now);
  const attachments = (d.attachments ?? []).map((a): Attachment => {
    if (a.id !== id) return a;
    if (mismatch) return { ...a, status: 'REJECTED', reason: mismatch };
    return { ...a, status: 'AVAILABLE', uploadedAt: at };
  });
  const checked = attachments.find((a) => a.id === id)!;
  const next: Dossier = { ...d, attachments, version: d.version + 1 };
  if (checked.status !== 'AVAILABLE') return next;
  if (checked.purpose === 'RESULT' && next.result) return { ...next, result: { ...next.result, electronic: true } };
  if (checked.purpose === 'SCAN') {
    const scans = attachments.filter((a) => a.purpose === 'SCAN' && a.status === 'AVAILABLE').length;
    return { ...next, digitisation: { files: scans, firstAt: d.digitisation?.firstAt ?? at, lastAt: at } };
  }
  return next;
}
