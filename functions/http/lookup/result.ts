import { electronicResult } from '../../../shared/composition/files.js';
import { routes } from '../../../shared/http/api/lookup.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The electronic result (kết quả điện tử) for the citizen, by code and secret, once it is ready. */
export const handler = httpHandler(routes.result, async ({ params, query }) => ({ status: 200, body: await electronicResult(params.code, query.secret) }));
