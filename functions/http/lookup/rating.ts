import { citizen } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/lookup.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The citizen's satisfaction rating (Decision 766/QĐ-TTg): once per dossier, after its return. */
export const handler = httpHandler(routes.rating, async ({ params, body: { secret, ...given } }) => ({
  status: 201,
  body: { code: params.code, ...(await citizen.rate(params.code, secret, given)) },
}));
