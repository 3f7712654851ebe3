import { notifier } from '../../shared/composition/events.js';
import { eventConsumer } from '../../shared/queues/events.js';

/** Dossier events → the applicant's SMS, e-mail or Zalo message, each sent once. */
export const handler = eventConsumer('notification', async (event, _record, image) => {
  await notifier.notify(event, image);
});
