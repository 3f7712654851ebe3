import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';
import { dossierView, receiptView } from '../../../shared/http/views.js';

/** The desk receives the dossier: it gets its code and appointment and goes to the department. */
export const handler = transitionRoute('accept', workflow, (d) => ({ ...dossierView(d), receipt: receiptView(d) }));
