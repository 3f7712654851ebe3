import { registry } from '../../../shared/composition/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { webhookParams } from '../../../shared/http/schemas.js';

/** One of the calling portal's webhooks, without its secret. */
export const handler = httpHandler({
  params: webhookParams,
  handle: async ({ actor, params }) => ({ status: 200, body: await registry.get(actor, params.p, params.name) }),
});
