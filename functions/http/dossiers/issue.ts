import { signing } from '../../../shared/composition/signing.js';
import { routes } from '../../../shared/http/api/workflow.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { expectedVersionOf } from '../../../shared/http/versions.js';
import { dossierView } from '../../../shared/http/views.js';

/** The clerk (văn thư) registers the result in the outgoing register, seals a signed result, and sends it to the desk. */
export const handler = httpHandler(routes.issue, async ({ actor, params, body, headers, requestContext }) => {
  const { expectedVersion, ...input } = body;
  const dossier = await signing.issue({
    actor,
    commune: params.c,
    id: params.id,
    expectedVersion: expectedVersionOf(expectedVersion, headers['if-match']),
    input,
    source: requestContext,
  });
  return { status: 200, body: dossierView(dossier), headers: { etag: `"${dossier.version}"` } };
});
