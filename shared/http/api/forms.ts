import * as z from 'zod/mini';
import { FORMS } from '../../domain/forms.js';
import { FONT_FILES, FONT_PACKAGE } from '../pdf/fonts.js';
import { resource } from '../route.js';
import { communeParam, DOSSIER_PATH, uuid } from './common.js';

const route = resource({ name: 'Forms', description: 'The forms of Circular 03/2025/TT-VPCP, derived from the dossier' });

export const formParams = z.object({ c: communeParam, id: uuid, form: z.enum(FORMS) });

export const routes = {
  form: route({
    name: 'dossiers-form',
    method: 'GET',
    path: `${DOSSIER_PATH}/forms/{form}`,
    entry: 'functions/http/dossiers/form.ts',
    portal: true,
    params: formParams,
    roles: 'commune staff, province roles, PORTAL (own)',
    // Form 01 reads the province's key item to derive the lookup secret again.
    access: { table: ['Query', 'GetItem'], audits: true, keys: ['lookup'] },
    // Drawing a PDF is CPU-bound, and Lambda's CPU grows with memory.
    memoryMb: 1024,
    // The PDF renderer (pdfkit, fontkit, the QR code: about 900 KB) is loaded only when a PDF is asked for.
    sideBundle: { variable: 'PDF_RENDERER', file: 'pdf.mjs', entry: 'shared/http/pdf/renderer.ts' },
    // The fonts the PDFs embed.
    shippedFiles: Object.values(FONT_FILES).map((f) => `node_modules/${FONT_PACKAGE}/${f}`),
    summary: 'A form of Circular 03/2025 (01–07): its data, or the printable PDF',
    description:
      'With Accept: application/pdf the form as an A4 PDF with the national heading, the issuing body and every field; Form 01 (the receipt) also prints the lookup secret and a QR code of the public lookup URL, and can be printed again at any time. 404 while the form does not apply to the dossier (e.g. Form 03 of a dossier that was not refused).',
    answers: { 200: 'Form' },
    pdf: true,
  }),
};
