import { codeDay, dossierCode } from '../../../shared/domain/codes.js';
import { clock } from '../../../shared/adapters/clock.js';
import { sendHandoff } from '../../../shared/adapters/queue.js';
import { nextSequence } from '../../../shared/adapters/repository.js';
import { transitionRoute } from '../../../shared/http/transition.js';
import { dossierView, receiptView } from '../../../shared/http/views.js';

/** A daily sequence is kept a week, long after its day can issue codes. */
const SEQUENCE_KEPT_S = 7 * 24 * 3600;

/** The desk receives the dossier: it gets its code and appointment and goes to the department. */
export const handler = transitionRoute(
  'accept',
  async (_body, dossier, config) => {
    const now = clock.now();
    const sequence = await nextSequence(dossier.receivingUnit, codeDay(now), Math.floor(now / 1000) + SEQUENCE_KEPT_S);
    const current = config.procedures.find((p) => p.code === dossier.procedure.code);
    return { type: 'accept', code: dossierCode(dossier.receivingUnit, now, sequence), ...(current ? { procedure: current } : {}) };
  },
  (d) => ({ ...dossierView(d), receipt: receiptView(d) }),
  sendHandoff,
);
