import { toVietnamIso } from '../../../shared/domain/time.js';
import { clock } from '../../../shared/adapters/clock.js';
import { rateDossier } from '../../../shared/adapters/lookup.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { codeParams, ratingBody } from '../../../shared/http/schemas.js';
import { dossierBySecret } from '../../../shared/http/lookup.js';
import { conflict } from '../../../shared/http/problem.js';

/** The citizen's satisfaction rating (Decision 766/QĐ-TTg): once per dossier, after its return. */
export const handler = httpHandler({
  public: true,
  params: codeParams,
  body: ratingBody,
  handle: async ({ params, body }) => {
    const now = clock.now();
    const dossier = await dossierBySecret(params.code, body.secret, now);
    if (dossier.status !== 'RETURNED') throw conflict('a dossier is rated after its result was returned');
    const rating = { score: body.score, ...(body.comment ? { comment: body.comment } : {}), at: toVietnamIso(now) };
    if (!(await rateDossier(dossier, rating))) throw conflict('this dossier was rated already');
    return { status: 201, body: { code: params.code, ...rating } };
  },
});
