import { handoffConsumer } from '../../shared/adapters/handoffs.js';

/** A department's intake: the dossier enters its worklist at step ASSIGNMENT. */
export const handler = handoffConsumer((to) => to !== 'DESK');
