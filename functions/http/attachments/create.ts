import { audit } from '../../../shared/composition/app.js';
import { files } from '../../../shared/composition/files.js';
import { routes } from '../../../shared/http/api/files.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** A file declared on a dossier, answered with the presigned URL its bytes are uploaded to; the declaration is on the dossier's access trail. */
export const handler = httpHandler(
  routes.create,
  async ({ actor, params, body }) => {
    const declared = await files.declare(actor, params.c, params.id, body);
    return {
      status: 201,
      body: declared,
      headers: { location: `/v1/communes/${params.c}/dossiers/${params.id}/attachments/${declared.id}` },
      accessed: { dossier: { commune: params.c, id: params.id }, action: 'attachment-declare' },
    };
  },
  { trail: audit },
);
