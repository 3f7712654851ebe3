import { citizen } from '../../../shared/composition/app.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { codeParams, ratingBody } from '../../../shared/http/schemas.js';

/** The citizen's satisfaction rating (Decision 766/QĐ-TTg): once per dossier, after its return. */
export const handler = httpHandler({
  public: true,
  params: codeParams,
  body: ratingBody,
  handle: async ({ params, body: { secret, ...given } }) => ({ status: 201, body: { code: params.code, ...(await citizen.rate(params.code, secret, given)) } }),
});
