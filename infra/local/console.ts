import { execFile } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createGzip } from 'node:zlib';
import { CITIZEN_PAGE_CSP, CITIZEN_PAGE_FILE, CITIZEN_PAGE_PATH } from '../citizen-page.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CONSOLE_DIST = join(ROOT, 'web/dist');
const INDEX = join(CONSOLE_DIST, 'index.html');

/** What the console is built from: a change to any of them makes the build stale. */
const SOURCES = ['web/src', 'web/index.html', 'web/tra-cuu', 'web/vite.config.ts', 'web/public', 'shared/domain/glossary.ts', 'package-lock.json'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds the console when it was never built or its sources changed since; `npm start` stays one command. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => undefined): Promise<void> {
  const built = existsSync(INDEX) ? statSync(INDEX).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map((s) => newest(join(ROOT, s))))) return;
  log('building the staff console (web/dist)');
  // A process of its own with NODE_ENV=production: a caller's NODE_ENV (the tests') would make a development build.
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers CloudFront adds in front of the console on AWS. */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** The citizen's page: the same headers, with its own stricter policy. */
const CITIZEN_PAGE_HEADERS: Record<string, string> = { ...CONSOLE_SECURITY_HEADERS, 'content-security-policy': CITIZEN_PAGE_CSP };

/** The console's runtime configuration on the local runtime: its officials' sign-in page. */
export const LOCAL_CONFIG = { signIn: 'local' } as const;

const CONSOLE_PATH = /^\/[\w\-.~%/]*$/;

/**
 * Serves a file of the built console, the citizen's page for any path under /tra-cuu/, or the
 * console's index.html for any other path (the app routes in the browser), compressed as
 * CloudFront compresses them when the browser takes gzip. Answers false when the console was not built.
 */
export function serveConsole(path: string, res: ServerResponse, head: boolean, acceptsGzip = false): boolean {
  // The app's own paths and files only: anything else stays the gateway's 404.
  if (!CONSOLE_PATH.test(path) || path.includes('//') || !existsSync(INDEX)) return false;
  // Locally officials sign in on the runtime's own page; on AWS the deploy writes Cognito's settings here.
  if (path === '/config.json') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache', ...CONSOLE_SECURITY_HEADERS });
    res.end(head ? undefined : JSON.stringify(LOCAL_CONFIG));
    return true;
  }
  let wanted: string;
  try {
    wanted = normalize(join(CONSOLE_DIST, decodeURIComponent(path)));
  } catch {
    // Not percent-encoded UTF-8: no file has that name, the app answers.
    wanted = INDEX;
  }
  const inside = wanted.startsWith(CONSOLE_DIST + sep);
  const citizen = path.startsWith(CITIZEN_PAGE_PATH);
  const file = citizen ? join(CONSOLE_DIST, CITIZEN_PAGE_FILE) : inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : INDEX;
  const hashed = file.startsWith(join(CONSOLE_DIST, 'assets') + sep);
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const gzip = acceptsGzip && /^(text\/|application\/json|image\/svg)/.test(type);
  res.writeHead(200, {
    'content-type': type,
    ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    // Hashed names never change content; the page itself is always asked for again.
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...(citizen ? CITIZEN_PAGE_HEADERS : CONSOLE_SECURITY_HEADERS),
  });
  if (head) res.end();
  else if (gzip) createReadStream(file).pipe(createGzip()).pipe(res);
  else createReadStream(file).pipe(res);
  return true;
}
