/** What the forms function loads to print a form: the layout and the PDF renderer (pdfkit, its fonts, the QR code). */
export { layoutForm, layoutReceipt } from './layout.js';
export { renderFormPdf } from './render.js';
