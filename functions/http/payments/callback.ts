import { payments } from '../../../shared/composition/payments.js';
import { routes } from '../../../shared/http/api/payments.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The payment platform's callback (no token; its MaXacThuc is checked): always a signed answer with its MaLoi. */
export const handler = httpHandler(routes.callback, async ({ params, body }) => ({
  status: 200,
  body: await payments.callback(params.p, body),
}));
