import { z } from 'zod';
import { findDossierByCode } from '../../../shared/adapters/repository.js';
import { DOSSIER_CODE } from '../../../shared/domain/codes.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { notFound } from '../../../shared/http/problem.js';
import { secretMatches } from '../../../shared/http/secrets.js';
import { publicStatusView } from '../../../shared/http/views.js';

/** Public status lookup (tra cứu hồ sơ) by code and secret; no personal data. */
export const handler = httpHandler({
  public: true,
  params: z.object({ code: z.string().regex(DOSSIER_CODE, 'a dossier code') }),
  query: z.object({ secret: z.string().min(1).max(200) }),
  handle: async ({ params, query }) => {
    const dossier = await findDossierByCode(params.code);
    // One answer for an unknown code and a wrong secret, so codes cannot be probed.
    if (!dossier || !secretMatches(query.secret, dossier.lookupSecretHash)) throw notFound('no dossier with this code and secret');
    return { status: 200, body: publicStatusView(dossier) };
  },
});
