import { workflow } from '../../../shared/composition/app.js';
import { batchRoute } from '../../../shared/http/transition.js';

/** One step for many dossiers of a commune, each taken on its own. */
export const handler = batchRoute(workflow);
