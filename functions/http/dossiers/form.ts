import { clock } from '../../../shared/adapters/clock.js';
import { existingLookupKey } from '../../../shared/adapters/keys.js';
import { formOf } from '../../../shared/domain/forms.js';
import type { Dossier } from '../../../shared/domain/model.js';
import { toVietnamIso } from '../../../shared/domain/time.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { notFound } from '../../../shared/http/problem.js';
import { formParams } from '../../../shared/http/schemas.js';
import { lookupSecretOf, secretMatches } from '../../../shared/http/secrets.js';
import { dossierFor } from '../../../shared/http/tenancy.js';

const wantsPdf = (accept: string | undefined) => /\bapplication\/pdf\b/i.test(accept ?? '');

/**
 * The public lookup of a receipt: its secret derived again, and the URL the QR code opens. A
 * dossier whose random secret predates derivation gets none (its secret was shown once).
 */
async function receiptLookup(d: Dossier, headers: Record<string, string | undefined>, domain: string) {
  const key = await existingLookupKey(d.province);
  if (!d.code || !key) return undefined;
  const secret = lookupSecretOf(key, d.id);
  if (!secretMatches(secret, d.lookupSecretHash)) return undefined;
  const origin = `${headers['x-forwarded-proto'] ?? 'https'}://${domain}`;
  return { secret, url: `${origin}/v1/lookup/${encodeURIComponent(d.code)}?secret=${encodeURIComponent(secret)}` };
}

/**
 * One form of Circular 03/2025 (01–07), derived from the dossier; 404 when it does not apply
 * (yet). With `Accept: application/pdf` it is the printable form; Form 01 then carries the
 * lookup secret and its QR code.
 */
export const handler = httpHandler({
  params: formParams,
  handle: async ({ actor, params, headers, domain }) => {
    const { config, dossier } = await dossierFor(actor, params.c, params.id);
    const data = formOf(dossier, params.form, { generatedAt: toVietnamIso(clock.now()) });
    if (!data) throw notFound(`form ${params.form} does not exist for this dossier (status ${dossier.status})`);
    if (!wantsPdf(headers.accept)) return { status: 200, body: data };
    // pdfkit and the fonts load only when a PDF is asked for.
    const [{ layoutForm }, { renderFormPdf }] = await Promise.all([import('../../../shared/http/pdf/layout.js'), import('../../../shared/http/pdf/render.js')]);
    const layout = layoutForm(data, { province: config.name, communes: config.communes });
    const lookup = params.form === '01' ? await receiptLookup(dossier, headers, domain) : undefined;
    const pdf = await renderFormPdf(layout, lookup);
    return {
      status: 200,
      body: pdf,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="mau-${params.form}-${dossier.code ?? dossier.id}.pdf"`,
        'cache-control': 'no-store',
      },
    };
  },
});
