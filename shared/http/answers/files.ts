import * as z from 'zod/mini';
import { ATTACHMENT_TYPES } from '../../domain/attachments.js';
import { ATTACHMENT_PURPOSES } from '../../domain/model.js';
import { instant, named, officialName } from './common.js';

const attachmentStatus = z.enum(['PENDING', 'AVAILABLE', 'REJECTED']);
export const attachmentType = z.enum(ATTACHMENT_TYPES);
export const attachmentAnswer = named(
  'Attachment',
  'A file of the dossier: PENDING until its upload is checked, then AVAILABLE, or REJECTED with the reason (its bytes deleted)',
  z.strictObject({
    id: z.uuid(),
    name: z.string(),
    purpose: z.enum(ATTACHMENT_PURPOSES),
    contentType: attachmentType,
    size: z.int().check(z.gte(1)),
    sha256: z.optional(z.string()),
    status: attachmentStatus,
    reason: z.optional(z.string()),
    createdAt: instant,
    uploadedAt: z.optional(instant),
    uploadedBy: z.string(),
    uploadedByName: z.optional(officialName),
  }),
);

export const attachmentUploadAnswer = named(
  'AttachmentUpload',
  'A file declared: PUT its bytes to uploadUrl with uploadHeaders before expiresAt (15 minutes; S3 refuses it later), then complete it',
  z.strictObject({ id: z.uuid(), uploadUrl: z.url(), uploadHeaders: z.record(z.string(), z.string()), expiresAt: instant, status: z.literal('PENDING') }),
);

export const attachmentCheckAnswer = named(
  'AttachmentCheck',
  'What the server found in the stored file: AVAILABLE, or REJECTED with the reason (the file is deleted)',
  z.strictObject({ id: z.uuid(), status: z.enum(['AVAILABLE', 'REJECTED']), reason: z.optional(z.string()) }),
);

export const attachmentDownloadAnswer = named(
  'AttachmentDownload',
  'An AVAILABLE file with a download URL that works until expiresAt (5 minutes)',
  z.extend(attachmentAnswer, { downloadUrl: z.url(), expiresAt: instant }),
);

export type AttachmentUploadAnswer = z.output<typeof attachmentUploadAnswer>;
export type AttachmentCheckAnswer = z.output<typeof attachmentCheckAnswer>;
export type AttachmentDownloadAnswer = z.output<typeof attachmentDownloadAnswer>;
