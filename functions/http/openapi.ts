import { httpHandler } from '../../shared/http/handler.js';
import { openApiDocument } from '../../shared/http/openapi.js';

const document = openApiDocument();

/** The contract, generated from the route table and the request schemas. */
export const handler = httpHandler({ public: true, handle: async () => ({ status: 200, body: document }) });
