import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The desk refuses to receive an incomplete or ineligible dossier (Form 03). */
export const handler = transitionRoute('refuse', workflow);
