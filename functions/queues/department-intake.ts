import { intake } from '../../shared/composition/app.js';
import { handoffConsumer } from '../../shared/queues/consumer.js';

/** A department's intake: the dossier enters its worklist at step ASSIGNMENT. */
export const handler = handoffConsumer(intake, (to) => to !== 'DESK');
