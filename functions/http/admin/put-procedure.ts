import { admin } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/administration.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { legacyFeeLines } from '../../../shared/domain/payment.js';

/**
 * Publishes a new version of a catalogue procedure. Earlier versions stay on record: a dossier
 * keeps the version it was accepted under.
 */
export const handler = httpHandler(routes.putProcedure, async ({ actor, params, body }) => {
  const { expectedVersion, fee, fees, ...procedure } = body;
  const lines = fees ?? (fee === undefined ? [] : legacyFeeLines(fee));
  const { procedure: published, created } = await admin.putProcedure(
    actor,
    params.p,
    { ...procedure, ...(lines.length ? { fees: lines } : {}), code: params.code },
    expectedVersion,
  );
  return { status: created ? 201 : 200, body: published, headers: { etag: `"${published.version}"` } };
});
