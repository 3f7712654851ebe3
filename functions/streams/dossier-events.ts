import { streamSinks } from '../../shared/composition/stream.js';
import { streamPublisher } from '../../shared/streams/dossier-events.js';

/** The table's stream → one event per stored dossier version on the dossier events topic, each hand-over on its receiver's queue. */
export const handler = streamPublisher(streamSinks);
