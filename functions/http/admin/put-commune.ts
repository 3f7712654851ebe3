import { admin } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/administration.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { expectedVersionOf } from '../../../shared/http/versions.js';

/** Onboards a commune (or updates it): from this answer on it can receive and work dossiers. */
export const handler = httpHandler(routes.putCommune, async ({ actor, params, body, headers }) => {
  const { expectedVersion, ...fields } = body;
  const { commune, version, created } = await admin.putCommune(
    actor,
    { code: params.c, province: params.p, ...fields },
    expectedVersionOf(expectedVersion, headers['if-match']),
  );
  return { status: created ? 201 : 200, body: { ...commune, version }, headers: { etag: `"${version}"` } };
});
