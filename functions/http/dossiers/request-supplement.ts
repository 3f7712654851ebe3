import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The desk, or the department head through the desk, asks for missing documents (Form 02). */
export const handler = transitionRoute('request-supplement', workflow);
