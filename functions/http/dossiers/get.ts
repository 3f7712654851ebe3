import { access } from '../../../shared/composition/app.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { dossierParams } from '../../../shared/http/schemas.js';
import { dossierView } from '../../../shared/http/views.js';

/** One dossier with its steps, hand-overs and history. */
export const handler = httpHandler({
  params: dossierParams,
  handle: async ({ actor, params }) => {
    const { dossier } = await access.dossierFor(actor, params.c, params.id);
    return { status: 200, body: dossierView(dossier), headers: { etag: `"${dossier.version}"` } };
  },
});
