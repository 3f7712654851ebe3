import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The department head assigns (or reassigns) a specialist. */
export const handler = transitionRoute('assign', workflow);
