import { deleteObject, downloadUrl, inspectObject, uploadUrl } from '../adapters/files.js';
import { attachments, electronicResults } from '../app/attachments.js';
import type { FileStore } from '../app/ports.js';
import { access, appClock, citizen, dossiers } from './app.js';

/*
 * The use cases that touch the files bucket, apart from app.ts: only the functions that sign
 * or check files carry the S3 client.
 */

const fileStore: FileStore = { uploadUrl, downloadUrl, inspect: inspectObject, remove: deleteObject };

export const files = /* @__PURE__ */ attachments({ store: dossiers, files: fileStore, clock: appClock, access });
export const electronicResult = /* @__PURE__ */ electronicResults({ lookup: citizen.lookup, files: fileStore, clock: appClock });
