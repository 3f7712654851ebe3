import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The leader refunds the fees of a refused or withdrawn dossier; its receipts stay, marked. */
export const handler = transitionRoute('refund', workflow);
