import { access } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/signing.js';
import { signingView } from '../../../shared/http/answers/signing.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { Refused } from '../../../shared/app/refusal.js';

/** A signing session of a dossier's result: waiting, signed, or ended with the reason. */
export const handler = httpHandler(routes.session, async ({ actor, params }) => {
  const { dossier } = await access.dossierFor(actor, params.c, params.id);
  const session = dossier.signings?.find((s) => s.id === params.sid);
  if (!session) throw new Refused('not-found', `no signing ${params.sid} on dossier ${params.id}`);
  return { status: 200, body: signingView(session) };
});
