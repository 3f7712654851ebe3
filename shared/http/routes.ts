import { routes as administration } from './api/administration.js';
import { routes as catalogue } from './api/catalogue.js';
import { routes as contract } from './api/contract.js';
import { routes as dossiers } from './api/dossiers.js';
import { routes as files } from './api/files.js';
import { routes as forms } from './api/forms.js';
import { routes as lookup } from './api/lookup.js';
import { routes as officials } from './api/officials.js';
import { routes as payments } from './api/payments.js';
import { routes as reports } from './api/reports.js';
import { routes as signing } from './api/signing.js';
import { routes as webhooks } from './api/webhooks.js';
import { routes as workflow } from './api/workflow.js';
import type { Route } from './route.js';

export type HttpRoute = Route;

/**
 * The route table: every declaration of shared/http/api, resource by resource in the order of the
 * contract. The CDK app makes a Lambda function and a gateway route of each, the local runtime
 * serves the same handlers, /openapi.json documents them, and the access tests walk them.
 */
export const HTTP_ROUTES: HttpRoute[] = [
  catalogue,
  administration,
  officials,
  dossiers,
  workflow,
  signing,
  payments,
  forms,
  files,
  reports,
  lookup,
  webhooks,
  contract,
].flatMap((resource): HttpRoute[] => Object.values(resource));
