/**
 * Writes /openapi.json, generated from the route declarations, to standard output: bundling puts
 * it beside the openapi function (shared/http/api/contract.ts), and integrators can lint it.
 */
import { openApiDocument } from '../shared/http/openapi.js';

process.stdout.write(JSON.stringify(openApiDocument()));
