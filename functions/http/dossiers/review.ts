import { transitionRoute } from '../../../shared/http/transition.js';

/** The department head agrees (to the leader) or sends the appraisal back. */
export const handler = transitionRoute('review', (body) => ({ type: 'review', agree: body.agree, note: body.note }));
