import { signing } from '../../../shared/composition/signing.js';
import { routes } from '../../../shared/http/api/signing.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The province registers a commune's seal certificate, checked against its trust anchors. */
export const handler = httpHandler(routes.putSeal, async ({ actor, params, body }) => ({
  status: 200,
  body: await signing.register(actor, params.p, params.c, 'SEAL', undefined, body),
}));
