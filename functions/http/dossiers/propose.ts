import { transitionRoute } from '../../../shared/http/transition.js';

/** The assigned specialist proposes a result after appraisal. */
export const handler = transitionRoute('propose', (body) => ({ type: 'propose', outcome: body.outcome, summary: body.summary }));
