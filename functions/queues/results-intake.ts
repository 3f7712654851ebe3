import { handoffConsumer } from '../../shared/adapters/handoffs.js';

/** The desk's results intake: the signed result arrives and the dossier is RESULT_READY. */
export const handler = handoffConsumer((to) => to === 'DESK');
