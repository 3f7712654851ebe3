import { clock } from '../../../shared/adapters/clock.js';
import { formOf } from '../../../shared/domain/forms.js';
import { toVietnamIso } from '../../../shared/domain/time.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { notFound } from '../../../shared/http/problem.js';
import { formParams } from '../../../shared/http/schemas.js';
import { dossierFor } from '../../../shared/http/tenancy.js';


/** One form of Circular 03/2025 (01–07), derived from the dossier; 404 when it does not apply (yet). */
export const handler = httpHandler({
  params: formParams,
  handle: async ({ actor, params }) => {
    const { dossier } = await dossierFor(actor, params.c, params.id);
    const data = formOf(dossier, params.form, { generatedAt: toVietnamIso(clock.now()) });
    if (!data) throw notFound(`form ${params.form} does not exist for this dossier (status ${dossier.status})`);
    return { status: 200, body: data };
  },
});
