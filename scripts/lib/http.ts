/** An HTTP client of the local runtime that records each call's latency and status by route label. */

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallRecord {
  route: string;
  status: number;
  ms: number;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The label the latency is recorded under (e.g. "accept"); the method and path when absent. */
  route?: string;
}

export function apiClient(baseUrl: string) {
  const records: CallRecord[] = [];
  const call = async <T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    records.push({ route: options.route ?? `${method} ${path}`, status: response.status, ms: performance.now() - started });
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // text answers stay text
    }
    return { status: response.status, headers: response.headers, body: body as T };
  };
  const token = async (claims: Record<string, unknown>): Promise<string> =>
    (await call<{ token: string }>('POST', '/_local/token', { body: claims, route: '_local/token' })).body.token;
  return { call, token, records };
}

export type Api = ReturnType<typeof apiClient>;
