import type { PdfSigner } from '../../domain/signing.js';
import { assembleSignedData, signedAttributes } from './cms.js';
import { completeSignature, prepareSignature, readPdfSignatures } from './pdf.js';

/**
 * PAdES baseline signatures (ETSI.CAdES.detached, SHA-256) over PDF files: B-B with the signer's
 * value, B-T when a timestamp authority stamps that value.
 */
export const pades: PdfSigner = {
  async prepare(file, field, chain) {
    const { digest } = await prepareSignature(Buffer.from(file), field);
    return { digest: digest.toString('hex'), hash: signedAttributes(digest, chain[0]!).hash };
  },
  complete(file, field, signed, tsa) {
    const digest = Buffer.from(signed.digest, 'hex');
    return completeSignature(Buffer.from(file), field, digest, async () => {
      const { attributes } = signedAttributes(digest, signed.chain[0]!);
      const timestampToken = tsa ? await tsa.timestamp(signed.signatureValue) : undefined;
      return assembleSignedData({ chain: signed.chain, attributes, signatureValue: signed.signatureValue, ...(timestampToken ? { timestampToken } : {}) });
    });
  },
  read: (file) =>
    readPdfSignatures(Buffer.from(file)).map((s) => ({
      field: s.field,
      chain: s.chain,
      ...((s.timestamp?.at ?? s.claimedAt) ? { signedAt: s.timestamp?.at ?? s.claimedAt } : {}),
      timestamped: s.timestamp !== undefined,
      valid: s.digestMatches && s.signatureVerifies && (s.timestamp?.coversSignature ?? true),
      coversDocument: s.coversDocument,
    })),
};
