import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One integration call the emulator accepted. */
export interface ReceivedCall {
  service: string;
  madonvi: string;
  isUpdating: boolean;
  data: unknown[];
  at: string;
}

/** An answer to the runtime: JSON with a status, raw text (a malformed answer), or a problem. */
type Answer = { status: number; body?: unknown; text?: string; problem?: string };

const FILE = 'national-portal.json';
const SERVICES = new Set(['DongBoHoSoMC', 'CapNhatTienDoHoSoMC']);
/** The adapter's code for a session it does not know (expired, or never issued). */
export const SESSION_REFUSED = 401;

/**
 * The local stand-in of the province's integration adapter to the National Public Service
 * Portal. It issues sessions for its own credentials, keeps every accepted call in order (in
 * the data folder, so they survive a restart), and can be told to fail:
 *   POST /_local/national-portal/auth          { username, password } → { session }
 *   POST /_local/national-portal/integration   { session, madonvi, service, isUpdating, data } → { error_code, message }
 *   GET  /_local/national-portal/received      { items: [{ service, madonvi, isUpdating, data, at }] }
 *   PUT  /_local/national-portal/faults        { failNext?: n, malformedNext?: n, expireSessions?: true }:
 *        the next n calls answer error_code 99, or text that is no JSON; every session issued so far is forgotten
 */
export function localNationalPortal(dataDir: string | undefined, now: () => string) {
  const file = dataDir ? join(dataDir, FILE) : undefined;
  const items: ReceivedCall[] = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ReceivedCall[]) : [];
  /** Made anew at each start: the handlers get it from the runtime, as they would read the secret on AWS. */
  const credentials = { username: 'motcua-local', password: randomBytes(18).toString('base64url') };
  const sessions = new Set<string>();
  const faults = { failNext: 0, malformedNext: 0 };
  const save = () => {
    if (!file) return;
    mkdirSync(dataDir!, { recursive: true });
    writeFileSync(file, JSON.stringify(items));
  };
  const count = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;

  function integration(body: Record<string, unknown>): Answer {
    if (faults.malformedNext > 0) {
      faults.malformedNext--;
      return { status: 502, text: '<html><body>502 Bad Gateway</body></html>' };
    }
    if (faults.failNext > 0) {
      faults.failNext--;
      return { status: 200, body: { error_code: 99, message: 'Hệ thống đang bận, vui lòng thử lại (injected fault)' } };
    }
    if (typeof body.session !== 'string' || !sessions.has(body.session)) {
      return { status: 200, body: { error_code: SESSION_REFUSED, message: 'Phiên làm việc không hợp lệ hoặc đã hết hạn' } };
    }
    if (!SERVICES.has(String(body.service)) || typeof body.madonvi !== 'string' || !Array.isArray(body.data) || body.data.length === 0) {
      return { status: 200, body: { error_code: 2, message: 'Dữ liệu không hợp lệ: cần madonvi, service và data' } };
    }
    items.push({ service: String(body.service), madonvi: body.madonvi, isUpdating: body.isUpdating === true, data: body.data, at: now() });
    save();
    return { status: 200, body: { error_code: 0, message: 'Thành công' } };
  }

  function route(method: string, path: string, body: Record<string, unknown>): Answer | undefined {
    if (!path.startsWith('/_local/national-portal/')) return undefined;
    const endpoint = path.slice('/_local/national-portal/'.length);
    if (endpoint === 'auth' && method === 'POST') {
      if (body.username !== credentials.username || body.password !== credentials.password) {
        return { status: 401, body: { error_code: SESSION_REFUSED, message: 'Sai tên đăng nhập hoặc mật khẩu' } };
      }
      const session = randomBytes(16).toString('hex');
      sessions.add(session);
      return { status: 200, body: { session } };
    }
    if (endpoint === 'integration' && method === 'POST') return integration(body);
    if (endpoint === 'received' && method === 'GET') return { status: 200, body: { items } };
    if (endpoint === 'faults' && method === 'PUT') {
      if ((body.failNext !== undefined && !count(body.failNext)) || (body.malformedNext !== undefined && !count(body.malformedNext))) {
        return { status: 400, problem: 'failNext and malformedNext must be whole numbers ≥ 0' };
      }
      if (body.failNext !== undefined) faults.failNext = body.failNext as number;
      if (body.malformedNext !== undefined) faults.malformedNext = body.malformedNext as number;
      if (body.expireSessions === true) sessions.clear();
      return { status: 200, body: { ...faults, sessions: sessions.size } };
    }
    return undefined;
  }
  return { route, items, credentials };
}
