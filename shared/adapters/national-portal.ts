import { NationalPortalFailed, type NationalRequest } from '../domain/national-portal.js';
import { secretValue } from './secrets.js';

/** Seconds the credentials read from Secrets Manager are reused: a rotated password is used within this. */
export const CREDENTIALS_MAX_AGE_S = 300;
/** The adapter's code for a session it no longer knows; a refused session is renewed once, at once. */
const SESSION_REFUSED = new Set(['401', '-1']);
const TIMEOUT_MS = 10_000;

type Credentials = { username: string; password: string };

/** A setting of the province's adapter; a province without one cannot synchronise, and says so on every dossier. */
function setting(name: 'NATIONAL_PORTAL_AUTH_URL' | 'NATIONAL_PORTAL_INTEGRATION_URL' | 'NATIONAL_PORTAL_UNIT' | 'NATIONAL_PORTAL_CREDENTIALS'): string {
  const value = process.env[name];
  if (!value) throw new NationalPortalFailed(`the national portal adapter is not configured for this province (${name})`);
  return value;
}

/**
 * The credentials of the province's adapter account: on AWS the JSON secret
 * NATIONAL_PORTAL_SECRET_ARN names (`{ "username", "password" }`), kept five minutes; locally NATIONAL_PORTAL_CREDENTIALS, which the local runtime sets for its emulator.
 */
async function credentials(): Promise<Credentials> {
  const arn = process.env.NATIONAL_PORTAL_SECRET_ARN;
  let value: unknown;
  if (arn) {
    value = JSON.parse((await secretValue(arn, CREDENTIALS_MAX_AGE_S)) || '{}');
  } else {
    value = JSON.parse(setting('NATIONAL_PORTAL_CREDENTIALS'));
  }
  const { username, password } = (value ?? {}) as Partial<Credentials>;
  if (typeof username !== 'string' || typeof password !== 'string')
    throw new NationalPortalFailed('the national portal credentials secret needs username and password');
  return { username, password };
}

/** POSTs JSON; the answer's JSON, or a failure that describes the answer (never the request). */
async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  let answer: Response;
  try {
    answer = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new NationalPortalFailed(`the national portal adapter could not be reached: ${error instanceof Error ? error.name : 'unknown error'}`);
  }
  const text = await answer.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new NationalPortalFailed(`the national portal adapter answered HTTP ${answer.status} with no JSON object`);
  }
  return { status: answer.status, json: json as Record<string, unknown> };
}

let session: string | undefined;

async function newSession(): Promise<string> {
  const { status, json } = await post(setting('NATIONAL_PORTAL_AUTH_URL'), await credentials());
  if (typeof json.session !== 'string' || !json.session) {
    throw new NationalPortalFailed(
      `the national portal adapter refused the credentials (HTTP ${status}${json.error_code !== undefined ? `, error_code ${String(json.error_code)}` : ''})`,
    );
  }
  return json.session;
}

/** `error_code` 0 or "00" is success; anything else (or none) is the adapter's refusal. */
const succeeded = (code: unknown) => code === 0 || code === '0' || code === '00';

/**
 * One integration call (`{ session, madonvi, service, isUpdating, data }`) with the cached
 * session; a refused session is renewed and the call made once more.
 */
export async function sendToNationalPortal(request: NationalRequest): Promise<void> {
  for (let renewed = false; ; renewed = true) {
    session ??= await newSession();
    const { status, json } = await post(setting('NATIONAL_PORTAL_INTEGRATION_URL'), {
      session,
      madonvi: setting('NATIONAL_PORTAL_UNIT'),
      service: request.service,
      isUpdating: request.isUpdating,
      data: request.data,
    });
    if (succeeded(json.error_code) && status < 300) return;
    const code = String(json.error_code ?? '');
    if (!renewed && (status === 401 || status === 403 || SESSION_REFUSED.has(code))) {
      session = undefined;
      continue;
    }
    const message = typeof json.message === 'string' ? `: ${json.message}` : '';
    throw new NationalPortalFailed(`${request.service} refused (HTTP ${status}, error_code ${code || 'missing'})${message}`);
  }
}
