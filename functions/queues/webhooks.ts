import { deliverer, holdBack } from '../../shared/composition/webhooks.js';
import { webhookConsumer } from '../../shared/queues/webhooks.js';

/** Dossier events → the submitting portal's webhooks, signed, with back-off until delivered or parked. */
export const handler = webhookConsumer(deliverer.deliver, holdBack);
