import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalMessage {
  channel: string;
  to: string;
  dossierId?: string;
  type: string;
  text: string;
  at: string;
}

type Answer = { status: number; body?: unknown; problem?: string };

const FILE = 'messages.json';
const CHANNELS = new Set(['SMS', 'EMAIL', 'ZALO']);

/**
 * The local stand-in of the SMS, e-mail and Zalo providers: it keeps every message (in the data
 * folder, so they survive a restart) and can be told to refuse the next ones.
 *   POST /_local/messages            a provider call (the handlers' LOCAL_MESSAGES_URL)
 *   GET  /_local/messages            { items: [{ channel, to, dossierId, type, text, at }] }
 *   PUT  /_local/messages/faults     { failNext: n }: the next n calls answer 503
 */
export function localMessages(dataDir: string | undefined, now: () => string) {
  const file = dataDir ? join(dataDir, FILE) : undefined;
  const items: LocalMessage[] = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalMessage[]) : [];
  let failNext = 0;
  const save = () => {
    if (!file) return;
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, JSON.stringify(items));
  };

  function route(method: string, path: string, body: Record<string, unknown>): Answer | undefined {
    if (path === '/_local/messages/faults' && method === 'PUT') {
      const n = body.failNext;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return { status: 400, problem: 'failNext must be a whole number ≥ 0' };
      failNext = n;
      return { status: 200, body: { failNext } };
    }
    if (path !== '/_local/messages') return undefined;
    if (method === 'GET') return { status: 200, body: { items } };
    if (method !== 'POST') return undefined;
    if (!CHANNELS.has(String(body.channel)) || typeof body.to !== 'string' || typeof body.text !== 'string' || typeof body.type !== 'string') {
      return { status: 400, problem: 'a message needs channel (SMS, EMAIL or ZALO), to, type and text' };
    }
    if (failNext > 0) {
      failNext--;
      return { status: 503, problem: 'the provider is failing (injected fault)' };
    }
    items.push({
      channel: body.channel as string,
      to: body.to,
      ...(typeof body.dossierId === 'string' ? { dossierId: body.dossierId } : {}),
      type: body.type,
      text: body.text,
      at: now(),
    });
    save();
    return { status: 201, body: { recorded: items.length } };
  }
  return { route, items };
}
