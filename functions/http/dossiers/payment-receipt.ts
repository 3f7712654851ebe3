import { audit, forms } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/payments.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The PDF renderer, loaded only when a PDF is asked for (a bundle of its own when deployed, as for the forms). */
const renderer = (): Promise<typeof import('../../../shared/http/pdf/renderer.js')> =>
  process.env.PDF_RENDERER ? import(new URL(process.env.PDF_RENDERER, import.meta.url).href) : import('../../../shared/http/pdf/renderer.js');

const wantsPdf = (accept: string | undefined) => /\bapplication\/pdf\b/i.test(accept ?? '');

/** A fee receipt of the dossier by its number: its data, or with `Accept: application/pdf` the printable receipt. */
export const handler = httpHandler(
  routes.receipt,
  async ({ actor, params, headers }) => {
    const { config, dossier, data } = await forms.feeReceipt(actor, params.c, params.id, params.number);
    const accessed = { dossier, action: 'fee-receipt' };
    if (!wantsPdf(headers.accept)) return { status: 200, body: data, accessed };
    const { layoutReceipt, renderFormPdf } = await renderer();
    const pdf = await renderFormPdf(layoutReceipt(data, config.name));
    return {
      status: 200,
      body: pdf,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="bien-lai-${data.series}-${String(data.number).padStart(7, '0')}.pdf"`,
        'cache-control': 'no-store',
      },
      accessed,
    };
  },
  { trail: audit },
);
