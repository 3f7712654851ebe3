import { registry } from '../../../shared/composition/webhooks.js';
import { routes } from '../../../shared/http/api/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** One of the calling portal's webhooks, without its secret. */
export const handler = httpHandler(routes.get, async ({ actor, params }) => ({ status: 200, body: await registry.get(actor, params.p, params.name) }));
