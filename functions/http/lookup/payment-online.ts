import { payments } from '../../../shared/composition/payments.js';
import { routes } from '../../../shared/http/api/payments.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The citizen opens an online payment of their dossier's fees, with its code and lookup secret. */
export const handler = httpHandler(routes.citizenOnline, async ({ params, body }) => ({
  status: 201,
  body: await payments.openForCitizen(params.code, body.secret),
}));
