import { registry } from '../../../shared/composition/webhooks.js';
import { routes } from '../../../shared/http/api/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** Removes a webhook: nothing more is sent there (its deliveries stay listed until they expire). */
export const handler = httpHandler(routes.delete, async ({ actor, params }) => {
  await registry.remove(actor, params.p, params.name);
  return { status: 204 };
});
