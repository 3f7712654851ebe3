import { admin } from '../../../shared/composition/app.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { communeAdminParams, communeBody } from '../../../shared/http/schemas.js';
import { expectedVersionOf } from '../../../shared/http/versions.js';

/** Onboards a commune (or updates it): from this answer on it can receive and work dossiers. */
export const handler = httpHandler({
  params: communeAdminParams,
  body: communeBody,
  handle: async ({ actor, params, body, headers }) => {
    const { expectedVersion, ...fields } = body;
    const { commune, version, created } = await admin.putCommune(
      actor,
      { code: params.c, province: params.p, ...fields },
      expectedVersionOf(expectedVersion, headers['if-match']),
    );
    return { status: created ? 201 : 200, body: { ...commune, version }, headers: { etag: `"${version}"` } };
  },
});
