import { z } from 'zod';
import { DOSSIER_CODE } from '../../../shared/domain/codes.js';
import { clock } from '../../../shared/adapters/clock.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { dossierBySecret } from '../../../shared/http/lookup.js';
import { publicStatusView } from '../../../shared/http/views.js';

/** Public status lookup (tra cứu hồ sơ) by code and secret; no personal data. */
export const handler = httpHandler({
  public: true,
  params: z.object({ code: z.string().regex(DOSSIER_CODE, 'a dossier code') }),
  query: z.object({ secret: z.string().min(1).max(200) }),
  handle: async ({ params, query }) => ({
    status: 200,
    body: publicStatusView(await dossierBySecret(params.code, query.secret, clock.now())),
  }),
});
