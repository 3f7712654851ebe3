import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The applicant withdraws the dossier (Form 05 stop notice). */
export const handler = transitionRoute('withdraw', workflow);
