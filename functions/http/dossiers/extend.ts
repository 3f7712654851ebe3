import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The department apologises and sets a new appointment (Form 04); the original due stays on record. */
export const handler = transitionRoute('extend', workflow);
