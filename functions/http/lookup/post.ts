import { citizen } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/lookup.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { publicStatusView } from '../../../shared/http/views.js';

/** Public status lookup (tra cứu hồ sơ) by code, the secret in the body; no personal data. */
export const handler = httpHandler(routes.post, async ({ params, body }) => ({
  status: 200,
  body: publicStatusView(await citizen.lookup(params.code, body.secret)),
}));
