import * as z from 'zod/mini';
import { named } from './common.js';

export const openApiAnswer = named(
  'OpenApiDocument',
  'This contract, in OpenAPI 3.1',
  z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
);
