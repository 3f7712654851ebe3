import { registry } from '../../../shared/composition/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { provinceParams } from '../../../shared/http/schemas.js';

/** The calling portal's webhooks in the province. */
export const handler = httpHandler({
  params: provinceParams,
  handle: async ({ actor, params }) => ({ status: 200, body: { items: await registry.list(actor, params.p), nextCursor: null } }),
});
