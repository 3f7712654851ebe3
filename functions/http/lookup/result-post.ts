import { electronicResult } from '../../../shared/composition/files.js';
import { routes } from '../../../shared/http/api/lookup.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The electronic result (kết quả điện tử) for the citizen, by code, the secret in the body, once it is ready. */
export const handler = httpHandler(routes.resultPost, async ({ params, body }) => ({ status: 200, body: await electronicResult(params.code, body.secret) }));
