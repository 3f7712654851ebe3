import { citizen } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/lookup.js';
import { vietQrPayload } from '../../../shared/domain/vietqr.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { publicStatusView } from '../../../shared/http/views.js';

/** Public status lookup (tra cứu hồ sơ) by code, the secret in the body; no personal data. With fees awaited, the VietQR of the transfer. */
export const handler = httpHandler(routes.post, async ({ params, body }) => {
  const dossier = await citizen.lookup(params.code, body.secret);
  return { status: 200, body: publicStatusView(dossier, await citizen.transferOf(dossier, vietQrPayload)) };
});
