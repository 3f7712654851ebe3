import { z } from 'zod';
import { DOSSIER_CODE } from '../../../shared/domain/codes.js';
import { toVietnamIso } from '../../../shared/domain/time.js';
import { clock } from '../../../shared/adapters/clock.js';
import { rateDossier } from '../../../shared/adapters/lookup.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { dossierBySecret } from '../../../shared/http/lookup.js';
import { conflict } from '../../../shared/http/problem.js';

/** The citizen's satisfaction rating (Decision 766/QĐ-TTg): once per dossier, after its return. */
export const handler = httpHandler({
  public: true,
  params: z.object({ code: z.string().regex(DOSSIER_CODE, 'a dossier code') }),
  body: z
    .object({ secret: z.string().min(1).max(200), score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() })
    .strict(),
  handle: async ({ params, body }) => {
    const now = clock.now();
    const dossier = await dossierBySecret(params.code, body.secret, now);
    if (dossier.status !== 'RETURNED') throw conflict('a dossier is rated after its result was returned');
    const rating = { score: body.score, ...(body.comment ? { comment: body.comment } : {}), at: toVietnamIso(now) };
    if (!(await rateDossier(dossier, rating))) throw conflict('this dossier was rated already');
    return { status: 201, body: { code: params.code, ...rating } };
  },
});
