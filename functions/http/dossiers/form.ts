import { audit, forms } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/forms.js';
import { vietQrPayload } from '../../../shared/domain/vietqr.js';
import { httpHandler } from '../../../shared/http/handler.js';

/**
 * The PDF renderer, loaded only when a PDF is asked for. Deployed, it is a bundle of its own beside
 * this one (PDF_RENDERER, set when bundling: the route's sideBundle, shared/http/api/forms.ts), so a cold
 * start does not parse pdfkit; from the sources it is the module itself.
 */
const renderer = (): Promise<typeof import('../../../shared/http/pdf/renderer.js')> =>
  process.env.PDF_RENDERER ? import(new URL(process.env.PDF_RENDERER, import.meta.url).href) : import('../../../shared/http/pdf/renderer.js');

const wantsPdf = (accept: string | undefined) => /\bapplication\/pdf\b/i.test(accept ?? '');

/**
 * One form of Circular 03/2025 (01–07), derived from the dossier; 404 when it does not apply
 * (yet). With `Accept: application/pdf` it is the printable form; Form 01 then carries the
 * lookup secret and a QR code of the citizen's page.
 */
export const handler = httpHandler(
  routes.form,
  async ({ actor, params, headers }) => {
    const { config, dossier, data } = await forms.form(actor, params.c, params.id, params.form, vietQrPayload);
    const accessed = { dossier, action: `form-${params.form}` };
    if (!wantsPdf(headers.accept)) return { status: 200, body: data, accessed };
    const { layoutForm, renderFormPdf } = await renderer();
    const layout = layoutForm(data, { province: config.name, communes: config.communes });
    const page = params.form === '01' ? await forms.receiptPage(dossier) : undefined;
    const pdf = await renderFormPdf(layout, page?.secret ? { secret: page.secret, url: page.url } : undefined);
    return {
      status: 200,
      body: pdf,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="mau-${params.form}-${dossier.code ?? dossier.id}.pdf"`,
        'cache-control': 'no-store',
      },
      accessed,
    };
  },
  { trail: audit },
);
