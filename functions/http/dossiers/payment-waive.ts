import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The desk waives the fees for an applicant of a group exempt from all of them. */
export const handler = transitionRoute('waive', workflow);
