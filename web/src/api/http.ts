import { createApiClient } from '../../../shared/client';
import { currentSession, expireSession } from '../auth/session';
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

const offline = () => new ApiError({ title: 'Không kết nối được máy chủ', status: 0, detail: 'Kiểm tra đường truyền rồi thử lại.' });

/** The typed client of the contract, on the console's own origin, with the signed-in official's token. */
export const api = createApiClient({ baseUrl: window.location.origin, token: () => currentSession()?.token });
api.use({
  onResponse({ response }) {
    // A refused token ends the session: the sign-in page says why.
    if (response.status === 401) expireSession();
    return response;
  },
});

function problemOf(error: unknown, response: Response): Problem {
  if (error && typeof error === 'object' && 'title' in error) return { ...(error as Problem), status: (error as Problem).status ?? response.status };
  return { title: response.statusText || 'Lỗi', status: response.status, detail: typeof error === 'string' ? error.slice(0, 500) : undefined };
}

/** The answer of a typed call, or its problem thrown as an ApiError (for TanStack Query). */
export async function answer<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch {
    throw offline();
  }
  if (!result.response.ok) throw new ApiError(problemOf(result.error, result.response));
  return result.data as T;
}

/** A call outside the contract: the local runtime's sign-in endpoints (/_local/…), before any token. */
export async function localCall<T>(method: 'GET' | 'POST', path: `/_local/${string}`, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw offline();
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: kept as text for the problem's detail.
  }
  if (!response.ok) throw new ApiError(problemOf(parsed, response));
  return parsed as T;
}
