/**
 * Forms as PDF: A4, the heading of a Vietnamese administrative document, every field of the
 * form, Be Vietnam Pro embedded. Only the forms function loads this module (and pdfkit with it).
 */
import PDFDocument from 'pdfkit';
import { create as createQr } from 'qrcode/lib/core/qrcode.js';
import { fontData } from './fonts.js';
import { NATIONAL_HEADING, NATIONAL_MOTTO, type Block, type FormLayout } from './layout.js';

/** What Form 01 adds for the citizen: the secret and where to look the dossier up. */
export interface ReceiptLookup {
  secret: string;
  /** The public lookup URL with code and secret: the QR code's text. */
  url: string;
}

const MM = 72 / 25.4;
const MARGIN = 20 * MM;
const SIZE = { body: 10.5, small: 9, heading: 11.5, title: 13.5 };
const QR_SIDE = 32 * MM;

type Doc = PDFKit.PDFDocument;

export function renderFormPdf(layout: FormLayout, lookup?: ReceiptLookup): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: 25 * MM, right: MARGIN },
    // The embedded font from the start: pdfkit's default (a standard font) is never loaded.
    font: fontData('regular') as unknown as string,
    info: { Title: `${layout.title} (${layout.formNumber})`, Creator: 'Một Cửa' },
    lang: 'vi-VN',
  });
  doc.registerFont('regular', fontData('regular'));
  doc.registerFont('bold', fontData('bold'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((ok, fail) => {
    doc.on('end', () => ok(Buffer.concat(chunks)));
    doc.on('error', fail);
  });

  heading(doc, layout);
  if (layout.form === '01' && lookup) receiptLookup(doc, layout, lookup);
  for (const block of layout.blocks) {
    if (block.path === 'transfer' && layout.vietQr) withQrBeside(doc, layout.vietQr, () => draw(doc, block, 0));
    else draw(doc, block, 0);
  }
  signatures(doc, layout.signers);
  doc.end();
  return done;
}

const left = (doc: Doc) => doc.page.margins.left;
const width = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** A new page when the next `height` points do not fit on this one. */
function room(doc: Doc, height: number) {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function centred(doc: Doc, text: string, x: number, w: number, y: number, font: 'regular' | 'bold', size: number, underline = false): number {
  doc.font(font).fontSize(size);
  const h = doc.heightOfString(text, { width: w, align: 'center' });
  doc.text(text, x, y, { width: w, align: 'center' });
  if (underline) {
    const tw = Math.min(doc.widthOfString(text), w);
    const ly = y + h + 1;
    doc
      .moveTo(x + (w - tw) / 2, ly)
      .lineTo(x + (w + tw) / 2, ly)
      .lineWidth(0.6)
      .stroke();
  }
  return y + h;
}

function heading(doc: Doc, layout: FormLayout) {
  const x = left(doc);
  const w = width(doc);
  const top = doc.page.margins.top;
  const leftW = w * 0.42;
  const rightX = x + w * 0.4;
  const rightW = w * 0.6;
  const { issuingBody } = layout;
  let ly = centred(doc, issuingBody.province, x, leftW, top, 'regular', SIZE.small);
  ly = centred(doc, issuingBody.committee, x, leftW, ly + 1, 'bold', SIZE.heading - 1);
  ly = centred(doc, issuingBody.office, x, leftW, ly + 1, 'bold', SIZE.small, true);
  ly = centred(doc, issuingBody.unitCode, x, leftW, ly + 5, 'regular', SIZE.small);
  let ry = centred(doc, NATIONAL_HEADING, rightX, rightW, top, 'bold', SIZE.heading - 1);
  ry = centred(doc, NATIONAL_MOTTO, rightX, rightW, ry + 1, 'bold', SIZE.heading, true);
  if (layout.placeAndDate) ry = centred(doc, layout.placeAndDate, rightX, rightW, ry + 8, 'regular', SIZE.small);
  let y = Math.max(ly, ry) + 18;
  y = centred(doc, layout.title, x, w, y, 'bold', SIZE.title);
  y = centred(doc, layout.formNumber, x, w, y + 2, 'regular', SIZE.small);
  if (layout.dossierCode) y = centred(doc, `Mã hồ sơ: ${layout.dossierCode}`, x, w, y + 6, 'bold', SIZE.heading);
  doc.x = x;
  doc.y = y + 14;
}

/** The secret and the QR code of the public lookup, boxed, beside the lines that explain them. */
function receiptLookup(doc: Doc, layout: FormLayout, lookup: ReceiptLookup) {
  const x = left(doc);
  const w = width(doc);
  const pad = 6;
  const boxH = QR_SIDE + 2 * pad;
  room(doc, boxH + 10);
  const top = doc.y;
  doc.lineWidth(0.6).rect(x, top, w, boxH).stroke();
  qrCode(doc, lookup.url, x + w - pad - QR_SIDE, top + pad, QR_SIDE);
  const textW = w - QR_SIDE - 4 * pad;
  doc
    .font('bold')
    .fontSize(SIZE.body)
    .text('Tra cứu tình trạng hồ sơ', x + pad, top + pad, { width: textW });
  doc
    .font('regular')
    .fontSize(SIZE.body)
    .text(`Mã hồ sơ: ${layout.dossierCode ?? '—'}`, { width: textW });
  doc.font('regular').text('Mật khẩu tra cứu: ', { width: textW, continued: true }).font('bold').text(lookup.secret);
  doc.font('regular').fontSize(SIZE.small).moveDown(0.4).text('Quét mã QR hoặc mở địa chỉ dưới đây để xem tình trạng giải quyết hồ sơ:', { width: textW });
  doc.text(lookup.url, { width: textW });
  doc.x = x;
  doc.y = top + boxH + 10;
}

/** A block with a QR code at the right edge beside it (the transfer's details and their VietQR). */
function withQrBeside(doc: Doc, text: string, drawBlock: () => void) {
  room(doc, QR_SIDE + 4);
  const top = doc.y;
  drawBlock();
  qrCode(doc, text, left(doc) + width(doc) - QR_SIDE, top, QR_SIDE);
  doc.x = left(doc);
  doc.y = Math.max(doc.y, top + QR_SIDE + 4);
}

/** The QR code as vector squares, one per dark module of the matrix (four modules of quiet zone inside `side`). */
function qrCode(doc: Doc, text: string, x: number, y: number, side: number) {
  const { modules } = createQr(text, { errorCorrectionLevel: 'M' });
  const cell = side / (modules.size + 8);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) doc.rect(x + (col + 4) * cell, y + (row + 4) * cell, cell, cell);
    }
  }
  doc.fillColor('black').fill();
}

function field(doc: Doc, label: string, value: string, indent: number) {
  const x = left(doc) + indent;
  const w = width(doc) - indent;
  doc.font('regular').fontSize(SIZE.body);
  const h = doc.heightOfString(`${label}: ${value}`, { width: w });
  room(doc, h);
  doc.font('regular').text(`${label}: `, x, doc.y, { width: w, continued: true }).font('bold').text(value);
  doc.moveDown(0.15);
}

function draw(doc: Doc, block: Block, indent: number) {
  switch (block.kind) {
    case 'field':
      return field(doc, block.label, block.value, indent);
    case 'group':
      room(doc, 3 * SIZE.body);
      doc
        .font('bold')
        .fontSize(SIZE.body)
        .text(`${block.label}:`, left(doc) + indent, doc.y, { width: width(doc) - indent });
      doc.moveDown(0.1);
      for (const inner of block.blocks) draw(doc, inner, indent + 12);
      return;
    case 'list':
      if (block.items.length === 0) return field(doc, block.label, '—', indent);
      room(doc, 3 * SIZE.body);
      doc
        .font('bold')
        .fontSize(SIZE.body)
        .text(`${block.label}:`, left(doc) + indent, doc.y, { width: width(doc) - indent });
      block.items.forEach((item, i) => field(doc, `${i + 1}`, item, indent + 12));
      return;
    case 'table':
      return table(doc, block, indent);
  }
}

/** A table with a numbered first column; rows break across pages, the header repeats. */
function table(doc: Doc, block: Extract<Block, { kind: 'table' }>, indent: number) {
  const x0 = left(doc) + indent;
  const w = width(doc) - indent;
  const pad = 3;
  const numberW = 28;
  // The first column names the row (a document, a step): it gets twice the room of the others.
  const share = (w - numberW) / (block.columns.length + 1);
  const widths = [numberW, ...block.columns.map((_c, i) => (i === 0 ? 2 * share : share))];
  const size = block.columns.length > 4 ? SIZE.small - 1 : SIZE.small;
  const rowHeight = (cells: string[], font: 'regular' | 'bold') =>
    Math.max(
      ...cells.map((c, i) =>
        doc
          .font(font)
          .fontSize(size)
          .heightOfString(c, { width: widths[i]! - 2 * pad }),
      ),
    ) +
    2 * pad;
  const drawRow = (cells: string[], font: 'regular' | 'bold') => {
    const h = rowHeight(cells, font);
    let x = x0;
    const y = doc.y;
    cells.forEach((c, i) => {
      doc.lineWidth(0.5).rect(x, y, widths[i]!, h).stroke();
      doc
        .font(font)
        .fontSize(size)
        .text(c, x + pad, y + pad, { width: widths[i]! - 2 * pad });
      x += widths[i]!;
    });
    doc.x = x0;
    doc.y = y + h;
  };
  const header = ['STT', ...block.columns.map((c) => c.label)];
  room(doc, 2 * SIZE.body + rowHeight(header, 'bold'));
  doc.font('bold').fontSize(SIZE.body).text(`${block.label}:`, x0, doc.y, { width: w });
  doc.moveDown(0.2);
  drawRow(header, 'bold');
  block.rows.forEach((row, i) => {
    const cells = [String(i + 1), ...row];
    if (doc.y + rowHeight(cells, 'regular') > bottom(doc)) {
      doc.addPage();
      drawRow(header, 'bold');
    }
    drawRow(cells, 'regular');
  });
  doc.moveDown(0.5);
}

function signatures(doc: Doc, signers: string[]) {
  const x = left(doc);
  const w = width(doc);
  room(doc, 80);
  const y = doc.y + 16;
  const colW = w / signers.length;
  signers.forEach((s, i) => {
    const end = centred(doc, s, x + i * colW, colW, y, 'bold', SIZE.body);
    centred(doc, '(Ký, ghi rõ họ tên)', x + i * colW, colW, end + 1, 'regular', SIZE.small);
  });
  doc.x = x;
}
