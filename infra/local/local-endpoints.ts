import type { IncomingMessage, ServerResponse } from 'node:http';
import { accountOf } from '../../shared/adapters/officials.js';
import { loadProvince } from '../../shared/adapters/province-config.js';
import { DEPARTMENT_TERMS, ROLE_TERMS } from '../../shared/domain/glossary.js';
import { parseInstant, toVietnamIso, type Instant } from '../../shared/domain/time.js';
import { readBody, send, sendProblem } from './gateway.js';
import type { localMessages } from './messages.js';
import type { localNationalPortal } from './national-portal.js';
import type { localPaymentPlatform } from './payment-platform.js';
import type { ScheduledJob } from './scheduler.js';
import type { LocalSigning } from './signing.js';
import type { localTokens } from './tokens.js';
import type { LocalUserPool } from './user-pool.js';

/**
 * What the runtime itself answers under `/_local/`: the demo officials, the messages kept instead
 * of sent, the national portal's and the payment platform's emulators, tokens, the clock, and running a schedule now.
 */
export function localEndpoints(options: {
  userPool: LocalUserPool;
  messages: ReturnType<typeof localMessages>;
  nationalPortal: ReturnType<typeof localNationalPortal>;
  paymentPlatform: ReturnType<typeof localPaymentPlatform>;
  tokens: Awaited<ReturnType<typeof localTokens>>;
  clock: { now: () => Instant; set: (at: Instant | undefined) => void };
  schedules: Map<string, ScheduledJob>;
  signing: LocalSigning;
}) {
  const { messages, nationalPortal, paymentPlatform, tokens, clock, schedules, signing, userPool } = options;
  return async (req: IncomingMessage, res: ServerResponse, path: string) => {
    // The signing emulator reads its own bodies: its timestamp authority speaks DER, not JSON.
    const signed = await signing.route(req.method ?? 'GET', path, async () => Buffer.concat(await req.toArray()));
    if (signed) {
      if (signed.problem) return sendProblem(res, signed.status, signed.problem);
      if (signed.binary) {
        const type = path.endsWith('/tsa') ? 'application/timestamp-reply' : 'application/x-pem-file';
        res.writeHead(signed.status, { 'content-type': type }).end(signed.binary);
        return;
      }
      return send(res, signed.status, signed.body);
    }
    const raw = req.method === 'GET' || req.method === 'DELETE' ? '' : await readBody(req);
    // The payment platform's pay page posts an HTML form; everything else speaks JSON.
    const form = /application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '');
    const body = form ? Object.fromEntries(new URLSearchParams(raw)) : JSON.parse(raw || '{}');
    if (req.method === 'POST' && path.startsWith('/_local/cognito')) {
      const answer = userPool.call(req.headers['x-amz-target'] as string | undefined, body);
      const type = (answer.body as { __type?: string }).__type;
      return send(res, answer.status, answer.body, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) });
    }
    if (req.method === 'GET' && path === '/_local/officials') return send(res, 200, { items: await signInList(userPool) });
    const recorder = messages.route(req.method ?? 'GET', path, body);
    if (recorder) return recorder.problem ? sendProblem(res, recorder.status, recorder.problem) : send(res, recorder.status, recorder.body);
    const adapter = nationalPortal.route(req.method ?? 'GET', path, body);
    if (adapter) {
      if (adapter.problem) return sendProblem(res, adapter.status, adapter.problem);
      return send(res, adapter.status, adapter.text ?? adapter.body, adapter.text ? { 'content-type': 'text/html' } : {});
    }
    const platform = await paymentPlatform.route(req.method ?? 'GET', path, body);
    if (platform) {
      if (platform.problem) return sendProblem(res, platform.status, platform.problem);
      return send(res, platform.status, platform.html ?? platform.body, platform.html ? { 'content-type': 'text/html; charset=utf-8' } : {});
    }
    if (req.method === 'POST' && path === '/_local/token') {
      // By user name: what the pool holds, as Cognito's trigger would put it in the token.
      if (typeof body.username === 'string') {
        const claims = userPool.claimsOf(body.username);
        if ('refused' in claims) return sendProblem(res, 403, `no token: ${claims.refused}`);
        return send(res, 200, { token: await tokens.sign({ ...claims }) });
      }
      if (typeof body.sub !== 'string' || !Array.isArray(body.roles) || typeof body.province !== 'string') {
        return sendProblem(res, 400, 'a token needs a username, or sub, roles (a list) and province');
      }
      if (userPool.refuses(body.sub)) return sendProblem(res, 403, `no token: ${body.sub} is disabled`);
      return send(res, 200, { token: await tokens.sign(body) });
    }
    if (path === '/_local/clock' && req.method === 'PUT') {
      const at = parseInstant(String(body.now));
      if (Number.isNaN(at)) return sendProblem(res, 400, 'now must be an ISO 8601 date-time with an offset');
      clock.set(at);
      return send(res, 200, { now: toVietnamIso(clock.now()), fixed: true });
    }
    if (path === '/_local/clock' && req.method === 'DELETE') {
      clock.set(undefined);
      return send(res, 200, { now: toVietnamIso(clock.now()), fixed: false });
    }
    const schedule = /^\/_local\/schedules\/([\w-]+)\/run$/.exec(path);
    if (schedule && req.method === 'POST') {
      const job = schedules.get(schedule[1]!);
      if (!job) return sendProblem(res, 404, `no schedule ${schedule[1]}`);
      return send(res, 200, { name: schedule[1], result: await job({ force: true }) });
    }
    return sendProblem(res, 404, `no local endpoint ${req.method} ${path}`);
  };
}

/** The enabled officials of the pool, each with how the sign-in page lists them: "Lò Thị Hoa — Tiếp nhận (công chức một cửa) — Tân Uyên". */
async function signInList(userPool: LocalUserPool) {
  const places = new Map<string, string>();
  const items = [];
  for (const user of userPool.enabled()) {
    const o = accountOf(
      user.username,
      Object.entries(user.attributes).map(([Name, Value]) => ({ Name, Value })),
    );
    if (!places.has(o.province)) {
      const config = await loadProvince(o.province);
      places.set(o.province, config?.name ?? o.province);
      for (const c of config?.communes ?? []) places.set(c.code, c.name);
    }
    const role = o.roles[0];
    const post = o.title ?? (role ? `${ROLE_TERMS[role]}${o.department ? ` ${DEPARTMENT_TERMS[o.department]}` : ''}` : '');
    items.push({ ...o, label: `${o.name} — ${post} — ${places.get(o.commune ?? o.province) ?? o.commune ?? o.province}` });
  }
  return items;
}
