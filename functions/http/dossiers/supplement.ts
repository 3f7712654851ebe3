import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The applicant's missing documents arrive; the dossier resumes where it was. */
export const handler = transitionRoute('supplement', workflow);
