import { admin } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/administration.js';
import { httpHandler } from '../../../shared/http/handler.js';

/**
 * Publishes a new version of a catalogue procedure. Earlier versions stay on record: a dossier
 * keeps the version it was accepted under.
 */
export const handler = httpHandler(routes.putProcedure, async ({ actor, params, body }) => {
  const { expectedVersion, ...procedure } = body;
  const { procedure: published, created } = await admin.putProcedure(actor, params.p, { ...procedure, code: params.code }, expectedVersion);
  return { status: created ? 201 : 200, body: published, headers: { etag: `"${published.version}"` } };
});
