import { clock } from '../adapters/clock.js';
import { sendToNationalPortal } from '../adapters/national-portal.js';
import { getSyncState, putSyncState } from '../adapters/national-sync.js';
import { getDossier, withProcedure } from '../adapters/repository.js';
import { nationalConnector, nationalSyncReader } from '../app/national-portal.js';

/** The national portal connector over DynamoDB and the province's integration adapter. */
export const connector = /* @__PURE__ */ nationalConnector({
  store: { getDossier, withProcedure, getSyncState, putSyncState },
  send: sendToNationalPortal,
  clock,
});

/** What a dossier answer shows of its synchronisation. */
export const nationalSyncOfDossier = /* @__PURE__ */ nationalSyncReader({ store: { getSyncState } });
