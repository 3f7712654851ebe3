import { publishEvent } from '../adapters/events.js';

/** The dossier events topic (SNS), where the table's stream publisher sends each event. */
export const eventSink = publishEvent;
