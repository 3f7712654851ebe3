import { audit } from '../../../shared/composition/app.js';
import { files } from '../../../shared/composition/files.js';
import { routes } from '../../../shared/http/api/files.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The server's check of an uploaded file: AVAILABLE, or REJECTED with the reason and deleted; on the dossier's access trail. */
export const handler = httpHandler(
  routes.complete,
  async ({ actor, params }) => ({
    status: 200,
    body: await files.complete(actor, params.c, params.id, params.aid),
    accessed: { dossier: { commune: params.c, id: params.id }, action: 'attachment-check' },
  }),
  { trail: audit },
);
