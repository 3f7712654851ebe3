import * as z from 'zod/mini';
import { contract } from './answers/common.js';
// Loading every module of answers names each in the registry.
import './answers/index.js';
import type { Route } from './route.js';
import { HTTP_ROUTES } from './routes.js';

type JsonSchema = { properties?: Record<string, object>; required?: string[] };

const requestSchema = (schema: z.ZodMiniType) => clean(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }));

const INT32 = 2 ** 31;

/**
 * Every integer with the width a client must hold it in (int32 or int64, from its bounds), which
 * JSON Schema does not say and a generated client needs.
 */
function withIntegerFormats(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withIntegerFormats);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withIntegerFormats(v)])) as Record<string, unknown>;
  if (node.type !== 'integer' || node.format) return node;
  const { minimum, maximum } = node as { minimum?: number; maximum?: number };
  const int32 = minimum !== undefined && maximum !== undefined && minimum >= -INT32 && maximum < INT32;
  return { ...node, format: int32 ? 'int32' : 'int64' };
}

/** A JSON Schema as a part of the document: no `$schema` or `$id` of its own. */
function clean(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return withIntegerFormats(rest) as Record<string, unknown>;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const errors = (secured: boolean, { 429: tooMany, ...more }: Record<number, string> = {}) => ({
  400: problem('Invalid input'),
  ...(secured ? { 401: problem('No or bad token'), 403: problem('Wrong role or tenant') } : {}),
  404: problem('Unknown'),
  409: problem('Not allowed in the current state, or a version conflict'),
  ...Object.fromEntries(Object.entries(more).map(([status, description]) => [status, problem(description)])),
  500: problem('The request could not be completed (logged with its request id)'),
  // API Gateway's own answer when the stage's or the route's throttle is spent, before any function runs.
  429: tooMany
    ? problem(`${tooMany}; or the API's throttle is spent`)
    : {
        description: "The API's throttle is spent (API Gateway's answer); try again later, backing off",
        content: { 'application/json': { schema: ref('Throttled') } },
      },
});

const SUCCESS: Record<number, string> = { 200: 'OK', 201: 'Created', 204: 'No content' };

function parametersOf(route: Route) {
  const schemaOf = (schema: z.ZodMiniType) => requestSchema(schema) as JsonSchema;
  const pathSchema = route.params ? schemaOf(route.params) : {};
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const undocumented = names.filter((n) => !pathSchema.properties?.[n]);
  if (undocumented.length) throw new Error(`${route.path}: no schema of the path parameters ${undocumented.join(', ')}`);
  const query = route.query ? schemaOf(route.query) : {};
  return [
    ...names.map((name) => ({ name, in: 'path', required: true, schema: pathSchema.properties![name] })),
    ...(route.headers ?? []).map((h) => ({ ...h, in: 'header', schema: { type: 'string', maxLength: 128 } })),
    ...Object.entries(query.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: (query.required ?? []).includes(name), schema })),
  ];
}

function headersOf(route: Route) {
  const headers = { ...(route.etag ? { ETag: { description: 'The version of what was answered, as "n"', required: true } } : {}), ...route.answerHeaders };
  return Object.fromEntries(Object.entries(headers).map(([name, header]) => [name, { ...header, schema: { type: 'string', maxLength: 256 } }]));
}

function responsesOf(route: Route) {
  const success = Object.entries(route.answers).map(([status, name]) => [
    status,
    name === null
      ? { description: SUCCESS[Number(status)] ?? 'Success' }
      : {
          description: SUCCESS[Number(status)] ?? 'Success',
          ...(route.etag || route.answerHeaders ? { headers: headersOf(route) } : {}),
          content: {
            'application/json': { schema: ref(name) },
            ...(route.csv ? { 'text/csv': { schema: ref('CsvDocument') } } : {}),
            ...(route.pdf ? { 'application/pdf': { schema: ref('PdfDocument') } } : {}),
          },
        },
  ]);
  return { ...Object.fromEntries(success), ...errors(!route.public, route.more) };
}

/** A route marked as paged takes `cursor` and `limit` and answers `{ items, nextCursor }`; one that is not, neither. */
function checkPaging(route: Route, schemas: Record<string, JsonSchema>) {
  const request = route.query ?? route.body;
  const takes = request ? Object.keys((requestSchema(request) as JsonSchema).properties ?? {}) : [];
  const answers = Object.values(route.answers).flatMap((name) => (name ? [Object.keys(schemas[name]?.properties ?? {})] : []));
  const paged = takes.includes('cursor') && takes.includes('limit') && answers.every((a) => a.includes('items') && a.includes('nextCursor'));
  if (paged !== Boolean(route.paged))
    throw new Error(`${route.name}: ${route.paged ? 'marked as paged but it is not' : 'takes a cursor but is not marked as paged'}`);
}

/** The portal contract as OpenAPI 3.1, generated from the route declarations and their request and answer schemas. */
export function openApiDocument() {
  const { schemas: registered } = z.toJSONSchema(contract, { io: 'output', uri: (id) => `#/components/schemas/${id}`, unrepresentable: 'any' });
  const schemas = Object.fromEntries(Object.entries(registered).map(([name, schema]) => [name, clean(schema as Record<string, unknown>)]));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of HTTP_ROUTES) {
    checkPaging(route, schemas as Record<string, JsonSchema>);
    const parameters = parametersOf(route);
    const body = route.documentedBody ?? route.body;
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: route.name,
      tags: [route.tag.name],
      summary: route.summary,
      description: [route.description, route.roles && `Roles: ${route.roles}.`, route.deprecated && `Deprecated: ${route.deprecated}`]
        .filter(Boolean)
        .join('\n\n'),
      ...(route.deprecated ? { deprecated: true } : {}),
      ...(route.public ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.upload
        ? {
            requestBody: {
              required: true,
              description: route.upload.description,
              content: Object.fromEntries(
                route.upload.mediaTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type, maxLength: route.upload!.maxBytes } }]),
              ),
            },
          }
        : {}),
      ...(body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: requestSchema(body), ...(route.example ? { example: route.example } : {}) } },
            },
          }
        : {}),
      responses: responsesOf(route),
    };
  }
  const tags = [...new Map(HTTP_ROUTES.map((r) => [r.tag.name, r.tag])).values()];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một Cửa — commune one-stop desk API',
      version: '1.0.0',
      description:
        'Dossiers of the commune one-stop desks (bộ phận một cửa): submission, the workflow with deadlines in working time, forms, SLA reports and public lookup.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: "A province's production API Gateway endpoint (the console's CloudFront origin serves the same paths)",
        'x-internal': false,
        variables: { apiId: { default: 'api-id', description: 'The HTTP API id of the province stack' }, region: { default: 'ap-southeast-1' } },
      },
    ],
    tags,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An access token of the province's Cognito user pool (officials: authorization code with PKCE; portals: client credentials), a JWS checked by API Gateway's JWT authorizer as RFC8725 asks: the algorithm and key from the issuer's published keys (never 'none'), the issuer, audience and expiry.",
        },
      },
      schemas: {
        ...schemas,
        CsvDocument: { type: 'string', description: 'The same lines as CSV (format=csv): UTF-8 with a byte-order mark, CRLF line ends' },
        PdfDocument: { type: 'string', contentMediaType: 'application/pdf', description: 'The printable form (Accept: application/pdf)' },
        Throttled: {
          type: 'object',
          description: "API Gateway's answer to a request over the throttle",
          properties: { message: { type: 'string', const: 'Too Many Requests' } },
          required: ['message'],
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
