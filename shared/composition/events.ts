import { clock } from '../adapters/clock.js';
import { listMessages, messageSent, recordMessage } from '../adapters/messages.js';
import { sendMessage } from '../adapters/providers.js';
import { existingLookupKey } from '../adapters/keys.js';
import { getDossier, withProcedure } from '../adapters/repository.js';
import { notifications } from '../app/notifications.js';
import { consoleOrigin } from './origin.js';

/** The consumers of the dossier events, over DynamoDB and the message providers. */
export const notifier = /* @__PURE__ */ notifications({
  store: { getDossier, withProcedure, messageSent, recordMessage, listMessages },
  send: sendMessage,
  clock,
  existingLookupKey,
  publicOrigin: consoleOrigin,
});
