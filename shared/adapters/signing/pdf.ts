import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { findByteRange, Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef, PDFString, type PDFObject } from 'pdf-lib';
import { readSignedData, sha256, type ReadSignature } from './cms.js';

/*
 * PAdES on a PDF (ETSI EN 319 142): each signature is an incremental update appended to the file
 * as it stands — a signature field, its dictionary with a ByteRange over the whole file but the
 * signature itself, ETSI.CAdES.detached — so every earlier signature keeps covering exactly the
 * bytes it signed. Preparing is deterministic: the same file, field and time give the same bytes,
 * so the file a provider's signature completes is made again from the stored one, not kept.
 */

/** Room for the CMS: three certificates, a timestamp token and its TSA's certificate. */
const SIGNATURE_BYTES = 16_384;

export interface SignatureField {
  /** The field's name, unique in the file (LEADER, SEAL). */
  name: string;
  /** Who signs, as the signature dictionary names them. */
  signer: string;
  reason: string;
  location: string;
  at: Date;
}

/** A file that is not a PDF pdf-lib can read. */
export class NotAPdf extends Error {}

/** The offset of the file's last cross-reference section. */
function lastStartxref(pdf: Buffer): number {
  const at = pdf.lastIndexOf('startxref');
  const offset =
    at === -1
      ? NaN
      : Number.parseInt(
          pdf
            .subarray(at + 9, at + 40)
            .toString('latin1')
            .trim(),
          10,
        );
  if (Number.isNaN(offset)) throw new NotAPdf('the file has no cross-reference offset');
  return offset;
}

const objectBytes = (ref: PDFRef, object: PDFObject): Buffer => {
  const body = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(body, 0);
  return Buffer.concat([Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
};

/**
 * The file with an empty signature field appended as an incremental update: the objects the new
 * field adds and those it changes (the catalogue, the first page, the form), a cross-reference
 * section for them and a trailer pointing back to the previous one.
 */
async function withSignatureField(source: Buffer, field: SignatureField): Promise<Buffer> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(source, { updateMetadata: false });
    // pdf-lib reads leniently: a file without a catalogue or a page is no document to sign.
    if (!(doc.context.trailerInfo.Root instanceof PDFRef) || doc.getPageCount() === 0) throw new Error('it has no catalogue or no page');
  } catch (error) {
    throw new NotAPdf(`the file is not a readable PDF (${(error as Error).message})`);
  }
  const before = doc.context.largestObjectNumber;
  const catalogRef = doc.context.trailerInfo.Root as PDFRef;
  const formBefore = doc.catalog.get(PDFName.of('AcroForm'));
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: field.reason,
    contactInfo: '',
    name: field.signer,
    location: field.location,
    signingTime: field.at,
    signatureLength: SIGNATURE_BYTES,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  const form = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
  const widget = doc.context.lookup(form.lookup(PDFName.of('Fields'), PDFArray).get(-1 + form.lookup(PDFName.of('Fields'), PDFArray).size()), PDFDict);
  widget.set(PDFName.of('T'), PDFString.of(field.name));

  const changed = new Map<number, PDFRef>();
  for (const [ref] of doc.context.enumerateIndirectObjects()) if (ref.objectNumber > before) changed.set(ref.objectNumber, ref);
  changed.set(catalogRef.objectNumber, catalogRef);
  const page = doc.getPages()[0]!.ref;
  changed.set(page.objectNumber, page);
  if (formBefore instanceof PDFRef) changed.set(formBefore.objectNumber, formBefore);

  const head = source.at(-1) === 0x0a ? source : Buffer.concat([source, Buffer.from('\n')]);
  const parts: Buffer[] = [head];
  let offset = head.length;
  const entries: { number: number; generation: number; offset: number }[] = [];
  for (const ref of [...changed.values()].sort((a, b) => a.objectNumber - b.objectNumber)) {
    const bytes = objectBytes(ref, doc.context.lookup(ref)!);
    entries.push({ number: ref.objectNumber, generation: ref.generationNumber, offset });
    parts.push(bytes);
    offset += bytes.length;
  }
  const xref = ['xref', ...entries.flatMap((e) => [`${e.number} 1`, `${String(e.offset).padStart(10, '0')} ${String(e.generation).padStart(5, '0')} n `])];
  const { Info, ID } = doc.context.trailerInfo;
  const trailer = [
    'trailer',
    `<< /Size ${doc.context.largestObjectNumber + 1} /Root ${catalogRef.toString()}${Info ? ` /Info ${Info.toString()}` : ''}${ID ? ` /ID ${ID.toString()}` : ''} /Prev ${lastStartxref(source)} >>`,
    'startxref',
    String(offset),
    '%%EOF',
  ];
  parts.push(Buffer.from(`${[...xref, ...trailer].join('\n')}\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A Signer for @signpdf that hands what the ByteRange covers to a function and puts its CMS in place. */
class ByteRangeSigner extends Signer {
  constructor(private readonly cms: (covered: Buffer) => Promise<Buffer>) {
    super();
  }
  override sign(covered: Buffer): Promise<Buffer> {
    return this.cms(covered);
  }
}

/**
 * Prepares a signature: the field appended, and the SHA-256 of the bytes its ByteRange covers —
 * what the CMS's message digest must be.
 */
export async function prepareSignature(source: Buffer, field: SignatureField): Promise<{ digest: Buffer }> {
  const prepared = await withSignatureField(source, field);
  let digest: Buffer = Buffer.alloc(0);
  await new SignPdf().sign(
    prepared,
    new ByteRangeSigner(async (covered) => {
      digest = sha256(covered);
      return Buffer.alloc(0);
    }),
  );
  return { digest };
}

/**
 * Completes a signature prepared on the same file, field and time: the CMS `cms` builds for the
 * digest goes into the field. Throws when the file prepared again does not give `digest` (it
 * changed since).
 */
export async function completeSignature(source: Buffer, field: SignatureField, digest: Buffer, cms: () => Promise<Buffer>): Promise<Buffer> {
  const prepared = await withSignatureField(source, field);
  return new SignPdf().sign(
    prepared,
    new ByteRangeSigner(async (covered) => {
      if (!sha256(covered).equals(digest)) throw new Error('the file changed since its signature was prepared');
      return cms();
    }),
  );
}

/** One signature of a PDF as read from it. */
export interface PdfSignature extends ReadSignature {
  field: string;
  /** The time the signature dictionary gives (M), when it has one. */
  claimedAt?: Date;
  /** The CMS's message digest is the SHA-256 of what its ByteRange covers. */
  digestMatches: boolean;
  /** The ByteRange reaches the end of the file: nothing was appended after this signature. */
  coversDocument: boolean;
}

const pdfDate = (text: string | undefined): Date | undefined => {
  const m = text && /D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(text);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, '').slice(3, 5)}`;
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
};

/** Every signature of a PDF, in file order, each checked against the bytes it covers. */
export function readPdfSignatures(pdf: Buffer): PdfSignature[] {
  const { byteRanges } = findByteRange(pdf) as unknown as { byteRanges: string[][] };
  return byteRanges.flatMap((range): PdfSignature[] => {
    const [start, firstLength, second, secondLength] = range.map(Number) as [number, number, number, number];
    if ([start, firstLength, second, secondLength].some((n) => !Number.isInteger(n)) || second + secondLength > pdf.length) return [];
    const covered = Buffer.concat([pdf.subarray(start, start + firstLength), pdf.subarray(second, second + secondLength)]);
    const hex = pdf.subarray(firstLength + 1, second - 1).toString('latin1');
    // The dictionary around this ByteRange: its field name is the widget's, found by the dictionary's reference.
    const dictStart = pdf.lastIndexOf('obj', firstLength);
    const dictionary = pdf.subarray(dictStart, firstLength).toString('latin1');
    const objectNumber = /(\d+) 0 obj$/.exec(pdf.subarray(Math.max(0, dictStart - 20), dictStart + 3).toString('latin1'))?.[1];
    const widget = objectNumber ? new RegExp(`/V ${objectNumber} 0 R[^]*?/T \\(([^)]*)\\)`).exec(pdf.toString('latin1')) : undefined;
    try {
      const read = readSignedData(Buffer.from(hex, 'hex'));
      const claimedAt = pdfDate(
        /\/M \(([^)]*)\)/.exec(pdf.subarray(firstLength, second + 400).toString('latin1'))?.[1] ?? /\/M \(([^)]*)\)/.exec(dictionary)?.[1],
      );
      return [
        {
          ...read,
          field: widget?.[1] ?? '',
          ...(claimedAt ? { claimedAt } : {}),
          digestMatches: read.messageDigest.equals(sha256(covered)),
          coversDocument: second + secondLength === pdf.length,
        },
      ];
    } catch {
      return [];
    }
  });
}
