import { audit } from '../../../shared/composition/app.js';
import { files } from '../../../shared/composition/files.js';
import { routes } from '../../../shared/http/api/files.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** An AVAILABLE file of a dossier with its presigned download URL; the download is on the dossier's access trail. */
export const handler = httpHandler(
  routes.get,
  async ({ actor, params }) => ({
    status: 200,
    body: await files.download(actor, params.c, params.id, params.aid),
    accessed: { dossier: { commune: params.c, id: params.id }, action: 'attachment-read' },
  }),
  { trail: audit },
);
