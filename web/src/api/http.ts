import { expireSession, currentSession } from '../auth/session';
import type { Problem } from './types';

/** A refused call: the API's problem, shown as its title and detail. */
export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
}

type Query = Record<string, string | number | boolean | undefined>;

export interface CallOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Calls before sign-in (the official list, the token) carry no token. */
  anonymous?: boolean;
  /** Answer the body as text (CSV). */
  text?: boolean;
}

/** One call of the API on the console's own origin, with the signed-in official's token. */
export async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: CallOptions = {}): Promise<T> {
  const session = options.anonymous ? undefined : currentSession();
  if (!options.anonymous && !session) {
    expireSession();
    throw new ApiError({ title: 'Phiên đăng nhập đã hết hạn', status: 401, detail: 'Vui lòng đăng nhập lại.' });
  }
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== '') search.set(k, String(v));
  const url = `${path}${search.size ? `?${search}` : ''}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
  } catch {
    throw new ApiError({ title: 'Không kết nối được máy chủ', status: 0, detail: 'Kiểm tra đường truyền rồi thử lại.' });
  }
  if (response.status === 401 && session) {
    expireSession();
  }
  if (!response.ok) {
    const text = await response.text();
    let problem: Problem;
    try {
      problem = JSON.parse(text) as Problem;
    } catch {
      problem = { title: response.statusText || 'Lỗi', status: response.status, detail: text.slice(0, 500) };
    }
    throw new ApiError({ ...problem, status: problem.status ?? response.status });
  }
  if (options.text) return (await response.text()) as T;
  return (await response.json()) as T;
}
