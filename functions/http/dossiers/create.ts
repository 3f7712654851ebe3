import * as z from 'zod/mini';
import { audit, submit } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { badRequest } from '../../../shared/http/problem.js';
import { dossierView } from '../../../shared/http/views.js';

const idempotencyKey = z.string().check(z.regex(/^[\w.:-]{8,128}$/));

/** Submission of a dossier: online by a portal, in person or by post at the desk. */
export const handler = httpHandler(
  routes.create,
  async ({ actor, params, body, headers, requestContext }) => {
    const key = headers['idempotency-key'];
    if (key === undefined ? actor.roles.includes('PORTAL') : !idempotencyKey.safeParse(key).success) {
      throw badRequest('Idempotency-Key is required from portals: 8–128 letters, digits, or . _ : -', [
        { path: 'header.Idempotency-Key', message: key === undefined ? 'required' : 'invalid' },
      ]);
    }
    const { dossier, lookupSecret, replayed } = await submit({
      actor,
      commune: params.c,
      input: body,
      source: requestContext,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    return {
      status: 201,
      body: { ...dossierView(dossier), lookupSecret },
      headers: {
        location: `/v1/communes/${dossier.commune}/dossiers/${dossier.id}`,
        etag: `"${dossier.version}"`,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      },
      // A new dossier's creation is on the trail through its first history entry; a replay read it.
      ...(replayed ? { accessed: { dossier, action: 'read' } } : {}),
    };
  },
  { trail: audit },
);
