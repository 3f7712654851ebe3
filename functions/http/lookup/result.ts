import { electronicResult } from '../../../shared/composition/files.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { codeParams, lookupQuery } from '../../../shared/http/schemas.js';

/** The electronic result (kết quả điện tử) for the citizen, by code and secret, once it is ready. */
export const handler = httpHandler({
  public: true,
  params: codeParams,
  query: lookupQuery,
  handle: async ({ params, query }) => ({ status: 200, body: await electronicResult(params.code, query.secret) }),
});
