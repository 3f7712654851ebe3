import { clock } from '../adapters/clock.js';
import { listMessages, messageSent, recordMessage } from '../adapters/messages.js';
import { sendMessage } from '../adapters/providers.js';
import { getDossier, withProcedure } from '../adapters/repository.js';
import { notifications } from '../app/notifications.js';

/** The consumers of the dossier events, over DynamoDB and the message providers. */
export const notifier = /* @__PURE__ */ notifications({
  store: { getDossier, withProcedure, messageSent, recordMessage, listMessages },
  send: sendMessage,
  clock,
  // The public lookup page the citizens' messages link to.
  lookupUrl: process.env.LOOKUP_URL ?? 'https://dichvucong.gov.vn/tra-cuu',
});
