import middy, { type MiddlewareObj, type MiddyfiedHandler } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Actor } from '../domain/model.js';
import type { AccessSource } from '../app/audit.js';
import { Refused } from '../app/refusal.js';
import { actorOf } from './auth.js';
import { lambdaContextInLogs } from '../observability/lambda.js';
import { logger } from '../observability/logger.js';
import { badRequest, Problem, problemOf, problemResponse, type FieldError } from './problem.js';
import type { Route } from './route.js';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The dossiers whose personal data this answer read or changed, and how: each goes on its dossier's access trail. */
  accessed?: Accessed | Accessed[];
}

export interface Accessed {
  dossier: { commune: string; id: string };
  action: string;
}

/** Appends to the access trail (shared/app/audit.ts). */
export interface AccessRecorder {
  record(actor: Actor, source: AccessSource, dossier: { commune: string; id: string }, action: string): Promise<void>;
}

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

export interface Request<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  headers: Record<string, string | undefined>;
  /** The host name the client called (API Gateway's domain name), for links back to the API. */
  domain: string;
  /** The client address API Gateway saw, and its id of the request. */
  requestContext: AccessSource;
  /**
   * The body of a route that takes a file (its `upload`): its media type and bytes, checked
   * against the route's types and size when read (so after the caller's rights: 415, 413).
   */
  file?: () => UploadedFile;
}

export interface UploadedFile {
  mediaType: string;
  bytes: Buffer;
}

/** What a handler is given: the declaration's parsed params, query and body, and the caller (unless the route is public). */
type RequestOf<R extends Route> =
  R extends Route<infer P, infer Q, infer B, infer Pub> ? Request<Out<P>, Out<Q>, Out<B>> & (Pub extends string ? object : { actor: Actor }) : never;

interface Options {
  /** Required of a route whose answers name what they accessed: nothing is answered that is not on record. */
  trail?: AccessRecorder;
}

function readJson(event: HttpEvent): unknown {
  if (!event.body) return {};
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('the body is not valid JSON');
  }
}

/** The file a route takes as its body, checked against the route's media types and size. */
function readFile(event: HttpEvent, upload: NonNullable<Route['upload']>): UploadedFile {
  const header = Object.entries(event.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  if (!upload.mediaTypes.includes(mediaType))
    throw new Problem(415, `the body must be one of ${upload.mediaTypes.join(', ')}, not ${mediaType || 'without a type'}`);
  const bytes = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
  if (bytes.length > upload.maxBytes) throw new Problem(413, `the file has ${bytes.length} bytes; at most ${upload.maxBytes} are taken`);
  if (!bytes.length) throw badRequest('the file is empty');
  return { mediaType, bytes };
}

/** Parses one part of the request, adding its field errors (prefixed with the part) to `errors`. */
function parsePart(schema: z.ZodMiniType | undefined, value: unknown, part: string, errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    errors.push({ path: [part, ...issue.path.map(String)].join('.'), message: issue.message });
  }
  return undefined;
}

/** Who asked, as the access trail records it. */
const sourceOf = (event: HttpEvent): AccessSource => ({ sourceIp: event.requestContext.http.sourceIp, requestId: event.requestContext.requestId });

export function reply(result: Reply): HttpResult {
  // Binary bodies (PDFs) travel base64-encoded; API Gateway decodes them for the client.
  if (Buffer.isBuffer(result.body)) {
    return {
      statusCode: result.status,
      headers: { 'content-type': 'application/octet-stream', ...result.headers },
      body: result.body.toString('base64'),
      isBase64Encoded: true,
    };
  }
  // An answer without content (204) has no media type.
  if (result.body === undefined) return { statusCode: result.status, ...(result.headers ? { headers: result.headers } : {}) };
  const text = typeof result.body === 'string';
  return {
    statusCode: result.status,
    headers: {
      'content-type': text ? 'text/plain; charset=utf-8' : 'application/json',
      ...result.headers,
    },
    body: text ? (result.body as string) : JSON.stringify(result.body),
  };
}

/** A report's lines as a CSV download, saved under `filename`. */
export const csvAttachment = (body: string, filename: string): Reply => ({
  status: 200,
  body,
  headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"` },
});

/**
 * The answer in API Gateway's form: the handler's reply as JSON (or text, or binary), and any
 * Problem or refusal of the application as application/problem+json with its status. Anything
 * else is a 500, logged by its name and where it was thrown: its message may quote the request.
 */
export function httpAnswer(): MiddlewareObj<HttpEvent, Reply | HttpResult> {
  return {
    after: (request) => {
      request.response = reply(request.response as Reply);
    },
    onError: (request) => {
      const { error } = request;
      if (error instanceof Problem || error instanceof Refused) {
        request.response = problemResponse(error instanceof Refused ? problemOf(error) : error);
        return;
      }
      const where = error?.stack
        ?.split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .join('\n');
      logger.error('unhandled error', { error: { name: error?.name, stack: where } });
      request.response = problemResponse(new Problem(500, 'the request could not be completed'));
    },
  };
}

/**
 * Puts on the access trail every dossier an answer says it accessed, before it is answered: an
 * answer is never given that is not on record (a failed write answers 500 instead). Only a route
 * with an actor has a trail.
 */
export function accessTrail(trail: AccessRecorder | undefined): MiddlewareObj<HttpEvent, Reply | HttpResult> {
  return {
    after: async (request) => {
      const { accessed, ...answer } = request.response as Reply;
      if (!accessed) return;
      if (!trail) throw new Error('an answer that accesses a dossier needs the access trail');
      const actor = actorOf(request.event);
      const source = sourceOf(request.event);
      await Promise.all((Array.isArray(accessed) ? accessed : [accessed]).map((a) => trail.record(actor, source, a.dossier, a.action)));
      request.response = answer;
    },
  };
}

/**
 * The handler of one declared route (shared/http/api): authenticate, validate params, query and
 * body with its zod schemas (all errors at once) and run `handle`; the middlewares put its
 * accesses on the trail and answer it.
 */
export function httpHandler<R extends Route>(
  route: R,
  handle: (request: RequestOf<R>) => Promise<Reply>,
  options: Options = {},
): MiddyfiedHandler<HttpEvent, HttpResult> {
  const spec = { ...route, ...options, handle };
  const base = async (event: HttpEvent): Promise<Reply | HttpResult> => {
    const actor = spec.public ? undefined : actorOf(event);
    const errors: FieldError[] = [];
    const params = parsePart(spec.params, event.pathParameters ?? {}, 'path', errors);
    const query = parsePart(spec.query, event.queryStringParameters ?? {}, 'query', errors);
    const body = spec.body ? parsePart(spec.body, readJson(event), 'body', errors) : undefined;
    if (errors.length) throw badRequest('the request has invalid fields', errors);
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const upload = spec.upload;
    const file = upload ? () => readFile(event, upload) : undefined;
    const request = {
      params,
      query,
      body,
      headers,
      domain: event.requestContext.domainName,
      requestContext: sourceOf(event),
      ...(actor ? { actor } : {}),
      ...(file ? { file } : {}),
    };
    return spec.handle(request as never);
  };
  // The route's code replies; httpAnswer turns every reply into API Gateway's result.
  return middy(base)
    .use(lambdaContextInLogs())
    .use(httpAnswer())
    .use(accessTrail(spec.public ? undefined : spec.trail)) as MiddyfiedHandler<HttpEvent, HttpResult>;
}
