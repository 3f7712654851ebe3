import { registry } from '../../../shared/composition/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { webhookParams } from '../../../shared/http/schemas.js';

/** Removes a webhook: nothing more is sent there (its deliveries stay listed until they expire). */
export const handler = httpHandler({
  params: webhookParams,
  handle: async ({ actor, params }) => {
    await registry.remove(actor, params.p, params.name);
    return { status: 204 };
  },
});
