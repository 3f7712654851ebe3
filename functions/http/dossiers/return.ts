import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The desk hands the result to the applicant. */
export const handler = transitionRoute('return', workflow);
