import { files } from '../../../shared/composition/files.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { attachmentBody, dossierParams } from '../../../shared/http/schemas.js';

/** A file declared on a dossier, answered with the presigned URL its bytes are uploaded to. */
export const handler = httpHandler({
  params: dossierParams,
  body: attachmentBody,
  handle: async ({ actor, params, body }) => {
    const declared = await files.declare(actor, params.c, params.id, body);
    return { status: 201, body: declared, headers: { location: `/v1/communes/${params.c}/dossiers/${params.id}/attachments/${declared.id}` } };
  },
});
