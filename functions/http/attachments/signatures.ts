import { signing } from '../../../shared/composition/signing.js';
import { routes } from '../../../shared/http/api/signing.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The digital signatures of a dossier's file, each read from the stored file and checked. */
export const handler = httpHandler(routes.signatures, async ({ actor, params }) => ({
  status: 200,
  body: await signing.signatures(actor, params.c, params.id, params.aid),
}));
