import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The clerk (văn thư) registers and stamps the signed result and sends it to the desk. */
export const handler = transitionRoute('issue', workflow);
