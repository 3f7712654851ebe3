import { transitionRoute } from '../../../shared/http/transition.js';

/** The department apologises and sets a new appointment (Form 04); the original due stays on record. */
export const handler = transitionRoute('extend', (body) => ({ type: 'extend', newDueAt: body.newDueAt, reason: body.reason }));
