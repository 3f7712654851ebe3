import { workflow } from '../../../shared/composition/app.js';
import { signing } from '../../../shared/composition/signing.js';
import { batchRoute } from '../../../shared/http/transition.js';

/** One step for many dossiers of a commune, each taken on its own; the approvals signed under one authorisation of the leader. */
export const handler = batchRoute(workflow, signing);
