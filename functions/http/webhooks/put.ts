import { registry } from '../../../shared/composition/webhooks.js';
import { routes } from '../../../shared/http/api/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** Registers a portal's webhook (201, with its secret, this once) or changes its URL and events (200). */
export const handler = httpHandler(routes.put, async ({ actor, params, body }) => {
  const { created, webhook } = await registry.register(actor, params.p, params.name, body);
  return { status: created ? 201 : 200, body: webhook };
});
