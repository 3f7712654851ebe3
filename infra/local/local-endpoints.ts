import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseInstant, toVietnamIso, type Instant } from '../../shared/domain/time.js';
import { readBody, send, sendProblem } from './gateway.js';
import type { localMessages } from './messages.js';
import type { localNationalPortal } from './national-portal.js';
import type { localPaymentPlatform } from './payment-platform.js';
import type { ScheduledJob } from './scheduler.js';
import type { LocalSigning } from './signing.js';
import type { localTokens } from './tokens.js';

/**
 * What the runtime itself answers under `/_local/`: the demo officials, the messages kept instead
 * of sent, the national portal's and the payment platform's emulators, tokens, the clock, and running a schedule now.
 */
export function localEndpoints(options: {
  officials: unknown[];
  messages: ReturnType<typeof localMessages>;
  nationalPortal: ReturnType<typeof localNationalPortal>;
  paymentPlatform: ReturnType<typeof localPaymentPlatform>;
  tokens: Awaited<ReturnType<typeof localTokens>>;
  clock: { now: () => Instant; set: (at: Instant | undefined) => void };
  schedules: Map<string, ScheduledJob>;
  signing: LocalSigning;
}) {
  const { messages, nationalPortal, paymentPlatform, tokens, clock, schedules, signing } = options;
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
    if (req.method === 'GET' && path === '/_local/officials') return send(res, 200, { items: options.officials });
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
      if (typeof body.sub !== 'string' || !Array.isArray(body.roles) || typeof body.province !== 'string') {
        return sendProblem(res, 400, 'a token needs sub, roles (a list) and province');
      }
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
