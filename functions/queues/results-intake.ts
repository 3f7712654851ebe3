import { intake } from '../../shared/composition/app.js';
import { handoffConsumer } from '../../shared/queues/consumer.js';

/** The desk's results intake: the signed result arrives and the dossier is RESULT_READY. */
export const handler = handoffConsumer(intake, (to) => to === 'DESK');
