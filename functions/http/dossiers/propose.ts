import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The assigned specialist proposes a result after appraisal. */
export const handler = transitionRoute('propose', workflow);
