import { payments } from '../../../shared/composition/payments.js';
import { routes } from '../../../shared/http/api/payments.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** A portal opens an online payment of the fees its dossier awaits: where the citizen pays. */
export const handler = httpHandler(routes.online, async ({ actor, params }) => ({
  status: 201,
  body: await payments.openForPortal(actor, params.c, params.id),
}));
