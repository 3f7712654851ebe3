import { registry } from '../../../shared/composition/webhooks.js';
import { routes } from '../../../shared/http/api/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The calling portal's webhooks in the province. */
export const handler = httpHandler(routes.list, async ({ actor, params }) => ({
  status: 200,
  body: { items: await registry.list(actor, params.p), nextCursor: null },
}));
