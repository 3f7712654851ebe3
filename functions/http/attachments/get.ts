import { files } from '../../../shared/composition/files.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { attachmentParams } from '../../../shared/http/schemas.js';

/** An AVAILABLE file of a dossier with its presigned download URL. */
export const handler = httpHandler({
  params: attachmentParams,
  handle: async ({ actor, params }) => ({ status: 200, body: await files.download(actor, params.c, params.id, params.aid) }),
});
