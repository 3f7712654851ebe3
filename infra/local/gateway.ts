import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { Problem, problemResponse } from '../../shared/http/problem.js';
import { HTTP_ROUTES, type HttpRoute } from '../../shared/http/routes.js';
import { routeScopes } from '../scopes.js';
import { serveConsole } from './console.js';
import { FILES_PATH, proxyToEmulator } from './files.js';
import type { Metering } from './metering.js';
import type { sourceGuard } from './source-guard.js';
import type { localTokens } from './tokens.js';

function matcher(route: HttpRoute) {
  const names: string[] = [];
  const pattern = new RegExp(`^${route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (names.push(name), '([^/]+)'))}$`);
  /** The raw (still percent-encoded) path parameters, when the route matches. */
  return (method: string, path: string) => {
    if (method !== route.method) return undefined;
    const match = pattern.exec(path);
    if (!match) return undefined;
    return Object.fromEntries(names.map((n, i) => [n, match[i + 1]!]));
  };
}

/** Path parameters as API Gateway hands them to Lambda: percent-decoded; undefined when one is not valid UTF-8 percent-encoding. */
function decodeParams(raw: Record<string, string>): Record<string, string> | undefined {
  try {
    return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decodeURIComponent(value)]));
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
}

/** The request target as a URL; undefined when it is none (API Gateway answers 400 before any route). */
function requestUrl(target: string): URL | undefined {
  if (!target.startsWith('/')) return undefined;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return undefined;
  }
}

/** Claims as API Gateway's JWT authorizer hands them to Lambda: every value a string, lists as "[a b]". */
function gatewayClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : String(v)]));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBytes(req)).toString('utf8');
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/** API Gateway's limit of an HTTP API request body, and Lambda's of a synchronous invocation's event. */
const GATEWAY_BODY_BYTES = 10 * 1024 * 1024;
const LAMBDA_EVENT_BYTES = 6 * 1024 * 1024;

/** Media types an HTTP API hands to Lambda as text; any other body arrives base64-encoded. */
const textual = (contentType: string | undefined) =>
  !contentType || /^(text\/|application\/(?:[\w.+-]*\+)?(?:json|xml|javascript)\b|application\/x-www-form-urlencoded\b)/i.test(contentType);

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** Answers a problem+json exactly as the handlers do. */
export function sendProblem(res: ServerResponse, status: number, detail: string) {
  const answer = problemResponse(new Problem(status, detail));
  res.writeHead(answer.statusCode ?? status, answer.headers as Record<string, string>);
  res.end(answer.body);
}

/**
 * The HTTP API as API Gateway v2 serves it: the route handlers behind the gateway's own checks
 * (a valid URL, the bearer token and its scopes, the lookup guard the WAF stands for on AWS),
 * with the runtime's `/_local/` endpoints, the files emulator and the console beside them.
 */
export async function startGateway(options: {
  port?: number;
  metering: Metering;
  tokens: Awaited<ReturnType<typeof localTokens>>;
  guard: ReturnType<typeof sourceGuard>;
  /** The `/_local/` endpoints. */
  local: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;
  /** The S3 emulator the files path is proxied to. */
  filesEndpoint: string;
  log: (line: string) => void;
}): Promise<{ server: Server; port: number }> {
  const { tokens, guard, local, log } = options;
  const routes = await Promise.all(
    HTTP_ROUTES.map(async (route) => ({
      route,
      match: matcher(route),
      handler: await options.metering.lambda<unknown, APIGatewayProxyStructuredResultV2>(route.name, route.entry),
    })),
  );

  const server: Server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    (async () => {
      // Malformed URLs are the gateway's 400, never a handler's (nor the runtime's) 500.
      const url = requestUrl(req.url ?? '/');
      if (!url) return sendProblem(res, 400, 'the request target is not a valid URL path');
      if (url.pathname.startsWith('/_local/')) return local(req, res, url.pathname);
      if (url.pathname.startsWith(`${FILES_PATH}/`)) return proxyToEmulator(req, res, options.filesEndpoint);
      const found = routes.map((r) => ({ ...r, raw: r.match(method, url.pathname) })).find((r) => r.raw);
      const api = url.pathname.startsWith('/v1/') || url.pathname === '/openapi.json';
      if (
        !found &&
        !api &&
        (method === 'GET' || method === 'HEAD') &&
        serveConsole(url.pathname, res, method === 'HEAD', /\bgzip\b/.test(req.headers['accept-encoding'] ?? ''))
      )
        return;
      if (!found) return sendProblem(res, 404, `no route ${method} ${url.pathname}`);
      const params = decodeParams(found.raw!);
      if (!params) return sendProblem(res, 400, 'the path is not valid percent-encoded UTF-8');
      const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
      // The public lookup routes (status, rating, result) sit behind the per-source guard, as behind the WAF on AWS.
      const guarded = found.route.public && url.pathname.startsWith('/v1/lookup/');
      if (guarded && guard.refuses(sourceIp)) return sendProblem(res, 429, 'too many failed lookups from this address; try again in a few minutes');
      let claims: Record<string, string> | undefined;
      if (!found.route.public) {
        const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
        const payload = token ? await tokens.verify(token) : undefined;
        if (!payload) return sendProblem(res, 401, 'a valid bearer token is required');
        // The route's authorization scopes, as API Gateway checks them before any handler runs.
        const held = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
        if (!routeScopes(found.route).some((s) => held.includes(s))) return sendProblem(res, 403, 'the token holds none of the scopes this route requires');
        claims = gatewayClaims(payload as Record<string, unknown>);
      }
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
      const bytes = await readBytes(req);
      if (bytes.length > GATEWAY_BODY_BYTES) return send(res, 413, { message: 'Request Entity Too Large' });
      const binary = bytes.length > 0 && !textual(req.headers['content-type']);
      const body = binary ? bytes.toString('base64') : bytes.toString('utf8');
      // API Gateway tells the handler how the client reached it, as here.
      const headers = {
        'x-forwarded-proto': 'http',
        ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
      };
      const event = {
        version: '2.0',
        routeKey: `${found.route.method} ${found.route.path}`,
        rawPath: url.pathname,
        rawQueryString: url.search.slice(1),
        headers,
        ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
        pathParameters: params,
        requestContext: {
          accountId: '000000000000',
          apiId: 'local',
          domainName: req.headers.host ?? url.host,
          domainPrefix: 'local',
          http: {
            method,
            path: url.pathname,
            protocol: 'HTTP/1.1',
            sourceIp,
            userAgent: req.headers['user-agent'] ?? '',
          },
          // API Gateway's own form of an HTTP API request id: 11 random bytes, base64 (16 characters).
          requestId: randomBytes(11).toString('base64'),
          routeKey: `${found.route.method} ${found.route.path}`,
          stage: '$default',
          time: new Date().toISOString(),
          timeEpoch: Date.now(),
          ...(claims ? { authorizer: { jwt: { claims, scopes: null }, principalId: '', integrationLatency: 0 } } : {}),
        },
        ...(body ? { body } : {}),
        isBase64Encoded: binary,
      };
      // Lambda refuses an event over its limit before the function runs; the gateway answers 413.
      if (Buffer.byteLength(JSON.stringify(event)) > LAMBDA_EVENT_BYTES) return send(res, 413, { message: 'Request Entity Too Large' });
      const result = await found.handler(event);
      if (guarded && result.statusCode === 404) guard.countFailure(sourceIp);
      res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    })().catch((error: unknown) => {
      log(`local runtime: ${String(error)}`);
      if (!res.headersSent) sendProblem(res, 500, 'the local runtime failed');
    });
  });
  await new Promise<void>((ok) => server.listen(options.port ?? 0, '127.0.0.1', ok));
  return { server, port: (server.address() as { port: number }).port };
}
