import { workflow } from '../../../shared/composition/app.js';
import { transitionRoute } from '../../../shared/http/transition.js';

/** The desk collects the fees: cash, or a bank transfer it confirms; one receipt per kind. */
export const handler = transitionRoute('collect', workflow);
