import { connector } from '../../shared/composition/national-portal.js';
import { eventConsumer } from '../../shared/queues/events.js';

/** Dossier events → the National Public Service Portal: the dossier on each new national status, each completed step. */
export const handler = eventConsumer('national-portal', async (event, _record, image) => {
  await connector.sync(event, image);
});
