import { sendHandoff } from '../../../shared/adapters/queue.js';
import { transitionRoute } from '../../../shared/http/transition.js';
import { dossierView } from '../../../shared/http/views.js';

/** The clerk (văn thư) registers and stamps the signed result and sends it to the desk. */
export const handler = transitionRoute('issue', () => ({ type: 'issue' }), dossierView, sendHandoff);
