import { workflow } from '../../../shared/composition/app.js';
import { signing } from '../../../shared/composition/signing.js';
import { routes } from '../../../shared/http/api/workflow.js';
import { httpHandler, type Reply } from '../../../shared/http/handler.js';
import { expectedVersionOf } from '../../../shared/http/versions.js';
import { dossierView } from '../../../shared/http/views.js';

/**
 * The leader decides. Signing the result's draft answers 202 with the session: the dossier moves
 * on once the leader confirms on their device (the signing-sessions consumer completes it).
 */
export const handler = httpHandler(routes.approve, async ({ actor, params, body, headers, requestContext }): Promise<Reply> => {
  const { expectedVersion, sign, ...input } = body;
  const request = { actor, commune: params.c, id: params.id, expectedVersion: expectedVersionOf(expectedVersion, headers['if-match']), source: requestContext };
  if (sign) {
    const { session, dossier } = await signing.approve({ ...request, input });
    return {
      status: 202,
      body: { signing: { id: session.id, status: 'PENDING' as const } },
      headers: { location: `/v1/communes/${params.c}/dossiers/${params.id}/signing/${session.id}`, etag: `"${dossier.version}"` },
    };
  }
  const dossier = await workflow.step('approve', { ...request, input });
  return { status: 200, body: dossierView(dossier), headers: { etag: `"${dossier.version}"` } };
});
