import { sendHandoff } from '../adapters/queue.js';
import { handoffs } from '../app/handoffs.js';
import { workflow } from '../app/transition.js';
import { overDossiers } from './app.js';

const sending = { ...overDossiers, send: sendHandoff };

/** The use cases of the functions that hand over (accept, issue, the sweeper): with the SQS sender. */
export const sendingWorkflow = /* @__PURE__ */ workflow(sending);
export const sweeper = /* @__PURE__ */ handoffs(sending);
