import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { submitDossier } from '../../../shared/domain/lifecycle.js';
import { clock } from '../../../shared/adapters/clock.js';
import { createDossier, getDossier, putDossierIfAbsent } from '../../../shared/adapters/repository.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { logger } from '../../../shared/http/logger.js';
import { badRequest, conflict } from '../../../shared/http/problem.js';
import { communeParams, createDossierBody } from '../../../shared/http/schemas.js';
import { lookupKey } from '../../../shared/adapters/keys.js';
import { canonicalJson, lookupSecretOf, sha256 } from '../../../shared/http/secrets.js';
import { communeFor } from '../../../shared/http/tenancy.js';
import { refusalProblem } from '../../../shared/http/transition.js';
import { dossierView } from '../../../shared/http/views.js';

/** An idempotency key answers the same dossier for a day. */
const IDEMPOTENCY_KEPT_S = 24 * 3600;
const idempotencyKey = z.string().check(z.regex(/^[\w.:-]{8,128}$/));

/** Submission of a dossier: online by a portal, in person or by post at the desk. */
export const handler = httpHandler({
  params: communeParams,
  body: createDossierBody,
  handle: async ({ actor, params, body, headers }) => {
    const key = headers['idempotency-key'];
    if (key === undefined ? actor.roles.includes('PORTAL') : !idempotencyKey.safeParse(key).success) {
      throw badRequest('Idempotency-Key is required from portals: 8–128 letters, digits, or . _ : -', [
        { path: 'header.Idempotency-Key', message: key === undefined ? 'required' : 'invalid' },
      ]);
    }
    const { config } = await communeFor(actor, params.c);
    const competent = body.competentCommune ?? params.c;
    if (!config.communes.some((c) => c.code === competent)) {
      throw badRequest('the competent commune is not a commune of this province', [
        { path: 'body.competentCommune', message: 'unknown commune' },
      ]);
    }
    const procedure = config.procedures.find((p) => p.code === body.procedureCode);
    if (!procedure) {
      throw badRequest('no such procedure in the catalogue', [{ path: 'body.procedureCode', message: 'unknown procedure' }]);
    }
    const secretKey = await lookupKey(config.code);
    const id = randomUUID();
    const secret = lookupSecretOf(secretKey, id);
    const decision = submitDossier(body, actor, {
      now: clock.now(),
      id,
      commune: competent,
      receivingUnit: params.c,
      procedure,
      lookupSecretHash: sha256(secret),
    });
    if (!decision.ok) throw refusalProblem(decision.refusal);
    const dossier = decision.dossier;
    const bodyHash = sha256(canonicalJson(body));
    const outcome = await createDossier(
      dossier,
      key === undefined
        ? undefined
        : {
            commune: params.c,
            client: actor.sub,
            key,
            bodyHash,
            dossierId: dossier.id,
            dossierCommune: competent,
            expiresAt: Math.floor(clock.now() / 1000) + IDEMPOTENCY_KEPT_S,
          },
    );
    if (!outcome.created) {
      const earlier = outcome.earlier;
      if (earlier.bodyHash !== bodyHash) throw conflict('this Idempotency-Key was used with another body');
      // The first request may have stopped between its two writes: the dossier is written now.
      const earlierSecret = lookupSecretOf(secretKey, earlier.dossierId);
      await putDossierIfAbsent({ ...dossier, id: earlier.dossierId, commune: earlier.dossierCommune, lookupSecretHash: sha256(earlierSecret) });
      const stored = await getDossier(earlier.dossierCommune, earlier.dossierId);
      if (!stored) throw conflict('the dossier of this Idempotency-Key is no longer available');
      return created({ ...dossierView(stored), lookupSecret: earlierSecret }, { 'idempotent-replayed': 'true' });
    }
    logger.info('dossier submitted', { dossierId: dossier.id, commune: competent, receivingUnit: params.c, channel: dossier.channel });
    return created({ ...dossierView(dossier), lookupSecret: secret });
  },
});

function created(body: { id: string; commune: string; version: number; lookupSecret: string }, headers: Record<string, string> = {}) {
  return {
    status: 201,
    body,
    headers: { location: `/v1/communes/${body.commune}/dossiers/${body.id}`, etag: `"${body.version}"`, ...headers },
  };
}
