import { resource } from '../route.js';

const route = resource({ name: 'Contract', description: 'This document' });

export const routes = {
  document: route({
    name: 'openapi',
    method: 'GET',
    path: '/openapi.json',
    entry: 'functions/http/openapi.ts',
    public:
      'the API contract (an OpenAPI document generated from the route declarations) that portal integrators read before they hold credentials; it is static. It returns no personal data.',
    // Made when bundling: no data at all.
    access: { table: [] },
    generatedFile: { variable: 'OPENAPI_DOCUMENT', file: 'openapi.json', script: 'scripts/openapi.ts' },
    summary: 'This contract',
    description: 'OpenAPI 3.1, generated from the route declarations and their request and answer schemas.',
    answers: { 200: 'OpenApiDocument' },
  }),
};
