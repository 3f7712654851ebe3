import { admin } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/administration.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { expectedVersionOf } from '../../../shared/http/versions.js';

/** Whether a commune offers a catalogue procedure, and the shorter time it commits to. */
export const handler = httpHandler(routes.putCommuneProcedure, async ({ actor, params, body, headers }) => {
  const { expectedVersion, ...fields } = body;
  const { override, version } = await admin.putCommuneOverride(
    actor,
    params.p,
    { commune: params.c, code: params.code, ...fields },
    expectedVersionOf(expectedVersion, headers['if-match']),
  );
  return { status: 200, body: { ...override, version }, headers: { etag: `"${version}"` } };
});
