import { userPoolDirectory } from '../adapters/officials.js';
import { officialsAdministration } from '../app/officials.js';
import { access, audit } from './app.js';

/** The officials' administration over the province's user pool: only the functions that administer officials load the Cognito client. */
export const officials = /* @__PURE__ */ officialsAdministration({ directory: userPoolDirectory, access, record: audit.record });
