import * as z from 'zod/mini';
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from '../../domain/attachments.js';
import { ATTACHMENT_PURPOSES } from '../../domain/model.js';
import { resource } from '../route.js';
import { communeParam, DOSSIER_PATH, dossierParams, integer, text, uuid } from './common.js';

const route = resource({ name: 'Files', description: 'Files of a dossier: uploaded and downloaded through presigned URLs, checked by the server' });

export const attachmentParams = z.object({ c: communeParam, id: uuid, aid: uuid });
export const attachmentBody = z.strictObject({
  name: text(200),
  purpose: z.enum(ATTACHMENT_PURPOSES),
  contentType: z.enum(ATTACHMENT_TYPES),
  size: integer(1, MAX_ATTACHMENT_BYTES),
  sha256: z.optional(z.string().check(z.maxLength(64), z.regex(/^[0-9a-fA-F]{64}$/, 'a hex SHA-256'))),
});

// A declaration is stored on the dossier and its upload URL signed; the check reads the stored
// object and deletes it when it does not match; a download URL is signed for reading.
export const routes = {
  create: route({
    name: 'attachments-create',
    method: 'POST',
    path: `${DOSSIER_PATH}/attachments`,
    entry: 'functions/http/attachments/create.ts',
    portal: true,
    params: dossierParams,
    body: attachmentBody,
    roles: 'PORTAL (own), RECEPTION, SPECIALIST (assignee), CLERK',
    access: { table: ['Query', 'GetItem', 'PutItem'], files: ['PutObject'], audits: true },
    summary: 'Declare a file and get its upload URL',
    description:
      'PDF, JPEG or PNG, at most 20 MB, at most 50 files per dossier (400 with the field otherwise). PORTAL: its own dossier, APPLICATION or SUPPLEMENT, until the dossier is closed; RECEPTION: APPLICATION, SUPPLEMENT or SCAN (digitisation) while open; SPECIALIST: WORKING_PAPER of a dossier assigned to them; CLERK: the RESULT at step ISSUANCE (the result becomes electronic). The upload URL expires after 15 minutes.',
    example: { name: 'Giấy đề nghị.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: 182340 },
    answers: { 201: 'AttachmentUpload' },
  }),
  complete: route({
    name: 'attachments-complete',
    method: 'POST',
    path: `${DOSSIER_PATH}/attachments/{aid}/complete`,
    entry: 'functions/http/attachments/complete.ts',
    portal: true,
    params: attachmentParams,
    roles: 'whoever declared it may; as for the dossier',
    access: { table: ['Query', 'GetItem', 'PutItem'], files: ['GetObject', 'DeleteObject'], audits: true },
    summary: 'Check an uploaded file',
    description:
      'The server reads the stored file: its size, its magic bytes against the declared type, its SHA-256 if one was declared. A mismatch is REJECTED with the reason and the file deleted. 409 unless the file is PENDING.',
    answers: { 200: 'AttachmentCheck' },
  }),
  get: route({
    name: 'attachments-get',
    method: 'GET',
    path: `${DOSSIER_PATH}/attachments/{aid}`,
    entry: 'functions/http/attachments/get.ts',
    portal: true,
    params: attachmentParams,
    roles: 'commune staff, province roles, PORTAL (own)',
    access: { table: ['Query', 'GetItem'], files: ['GetObject'], audits: true },
    summary: 'A file with its download URL',
    description: 'Only an AVAILABLE file can be downloaded (409 while PENDING or once REJECTED); the URL expires after 5 minutes.',
    answers: { 200: 'AttachmentDownload' },
  }),
};
