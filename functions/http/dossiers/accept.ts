import { sendingWorkflow } from '../../../shared/composition/sending.js';
import { transitionRoute } from '../../../shared/http/transition.js';
import { dossierView, receiptView } from '../../../shared/http/views.js';

/** The desk receives the dossier: it gets its code and appointment and goes to the department. */
export const handler = transitionRoute('accept', sendingWorkflow, (d) => ({ ...dossierView(d), receipt: receiptView(d) }));
