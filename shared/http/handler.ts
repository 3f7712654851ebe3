import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Actor } from '../domain/model.js';
import type { AccessSource } from '../app/audit.js';
import { Refused } from '../app/refusal.js';
import { actorOf } from './auth.js';
import { observed } from '../observability/lambda.js';
import { logger } from '../observability/logger.js';
import { badRequest, Problem, problemOf, problemResponse, type FieldError } from './problem.js';

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
}

interface Spec<P extends z.ZodMiniType | undefined, Q extends z.ZodMiniType | undefined, B extends z.ZodMiniType | undefined, A extends boolean> {
  /** Public routes (catalogue, lookup) take no token; every other route needs one. */
  public?: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Required of a route whose answers name what they accessed: nothing is answered that is not on record. */
  trail?: AccessRecorder;
  handle: (request: Request<Out<P>, Out<Q>, Out<B>> & (A extends true ? object : { actor: Actor })) => Promise<Reply>;
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
 * One HTTP route: authenticate, validate params, query and body with zod (all errors at once),
 * run the handler, answer JSON; any Problem, or refusal of the application, becomes application/problem+json.
 */
export function httpHandler<
  P extends z.ZodMiniType | undefined = undefined,
  Q extends z.ZodMiniType | undefined = undefined,
  B extends z.ZodMiniType | undefined = undefined,
  A extends boolean = false,
>(spec: Spec<P, Q, B, A>) {
  const base = async (event: HttpEvent): Promise<HttpResult> => {
    const actor = spec.public ? undefined : actorOf(event);
    const errors: FieldError[] = [];
    const params = parsePart(spec.params, event.pathParameters ?? {}, 'path', errors);
    const query = parsePart(spec.query, event.queryStringParameters ?? {}, 'query', errors);
    const body = spec.body ? parsePart(spec.body, readJson(event), 'body', errors) : undefined;
    if (errors.length) throw badRequest('the request has invalid fields', errors);
    const headers = Object.fromEntries(Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const source: AccessSource = { sourceIp: event.requestContext.http.sourceIp, requestId: event.requestContext.requestId };
    const request = { params, query, body, headers, domain: event.requestContext.domainName, requestContext: source, ...(actor ? { actor } : {}) };
    const answer = await spec.handle(request as never);
    if (answer.accessed) {
      const { trail } = spec;
      if (!trail || !actor) throw new Error('an answer that accesses a dossier needs the access trail');
      const accessed = Array.isArray(answer.accessed) ? answer.accessed : [answer.accessed];
      await Promise.all(accessed.map((a) => trail.record(actor, source, a.dossier, a.action)));
    }
    const { accessed: _accessed, ...result } = answer;
    return reply(result);
  };
  return observed<HttpEvent, HttpResult>(async (event) => {
    try {
      return await base(event);
    } catch (error) {
      if (error instanceof Problem || error instanceof Refused) return problemResponse(error instanceof Refused ? problemOf(error) : error);
      logger.error('unhandled error', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
      return problemResponse(new Problem(500, 'the request could not be completed'));
    }
  });
}
