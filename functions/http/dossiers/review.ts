import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The department head agrees (to the leader) or sends the appraisal back. */
export const handler = transitionRoute('review', workflow);
