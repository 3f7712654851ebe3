import { readFileSync } from 'node:fs';
import { routes } from '../../shared/http/api/contract.js';
import { httpHandler } from '../../shared/http/handler.js';

/**
 * The contract, as JSON text. Deployed, it was made when bundling and lies beside this bundle
 * (OPENAPI_DOCUMENT, set when bundling: the route's generatedFile), so a cold start reads a file
 * instead of generating JSON Schemas from every declaration; from the sources it is generated here.
 */
const document = process.env.OPENAPI_DOCUMENT
  ? readFileSync(new URL(process.env.OPENAPI_DOCUMENT, import.meta.url), 'utf8')
  : JSON.stringify((await import('../../shared/http/openapi.js')).openApiDocument());

export const handler = httpHandler(routes.document, async () => ({ status: 200, body: document, headers: { 'content-type': 'application/json' } }));
