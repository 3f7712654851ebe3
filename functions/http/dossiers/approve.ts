import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The commune leader signs: approval, or a written refusal with reasons — both are results. */
export const handler = transitionRoute('approve', workflow);
