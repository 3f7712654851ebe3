import type { LocalRuntime } from '../../infra/local/runtime.js';

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A small HTTP client of the local runtime, as a portal or an official would call it. */
export function apiClient(runtime: Pick<LocalRuntime, 'url'>) {
  const call = async <T = any>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> => {
    const response = await fetch(`${runtime.url}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // CSV and other text answers stay text.
    }
    return { status: response.status, headers: response.headers, body: body as T };
  };
  const token = async (claims: Record<string, unknown>): Promise<string> => (await call('POST', '/_local/token', { body: claims })).body.token;
  return { call, token };
}

/** Polls until `probe` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
