import { access } from '../../../shared/composition/app.js';
import { NAMED_CHAIN_TAG, verifyHistory } from '../../../shared/domain/history-chain.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import type { HistoryVerificationAnswer } from '../../../shared/http/answers/dossiers.js';

/**
 * The dossier's history chain recomputed from what is stored: valid, or the first entry that does
 * not match. It answers no personal data (the history names officials and actions only).
 */
export const handler = httpHandler(routes.verifyHistory, async ({ actor, params }) => {
  const { dossier } = await access.dossierFor(actor, params.c, params.id);
  const check = verifyHistory(dossier);
  const body: HistoryVerificationAnswer = {
    dossierId: dossier.id,
    code: dossier.code ?? null,
    algorithm: 'SHA-256',
    canonicalForm: NAMED_CHAIN_TAG,
    valid: check.valid,
    head: check.head,
    firstMismatch: check.valid ? null : check.firstMismatch,
  };
  return { status: 200, body };
});
