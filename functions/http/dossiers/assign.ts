import { transitionRoute } from '../../../shared/http/transition.js';

/** The department head assigns (or reassigns) a specialist. */
export const handler = transitionRoute('assign', (body) => ({ type: 'assign', assignee: body.assignee }));
