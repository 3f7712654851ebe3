import { signing } from '../../../shared/composition/signing.js';
import { routes } from '../../../shared/http/api/signing.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The province registers an official's signing certificate for a commune, checked against its trust anchors. */
export const handler = httpHandler(routes.putLeader, async ({ actor, params, body }) => ({
  status: 200,
  body: await signing.register(actor, params.p, params.c, 'LEADER', params.sub, body),
}));
