import { useSyncExternalStore } from 'react';
import type { Department, Role } from '../api/types';

/** The claims of the signed-in official's token, as the API reads them. */
export interface Claims {
  sub: string;
  roles: Role[];
  province: string;
  commune?: string;
  department?: Department;
  exp: number;
}

export interface Session {
  token: string;
  name: string;
  claims: Claims;
}

const KEY = 'mot-cua.session';
const EXPIRED_KEY = 'mot-cua.expired';
const listeners = new Set<() => void>();
let session: Session | undefined = read();
let timer: ReturnType<typeof setTimeout> | undefined;

function read(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(KEY);
    return stored ? (JSON.parse(stored) as Session) : undefined;
  } catch {
    return undefined;
  }
}

function decodeClaims(token: string): Claims {
  const payload = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
  );
  return JSON.parse(json) as Claims;
}

function publish(next: Session | undefined) {
  session = next;
  if (timer) clearTimeout(timer);
  timer = undefined;
  if (next) {
    sessionStorage.setItem(KEY, JSON.stringify(next));
    // The token dies at `exp`: the official is sent back to sign in then, not left with silent failures.
    timer = setTimeout(expireSession, Math.max(0, next.claims.exp * 1000 - Date.now()));
  } else {
    sessionStorage.removeItem(KEY);
  }
  for (const listener of listeners) listener();
}

/** The live session, or undefined when none or its token has expired. */
export function currentSession(): Session | undefined {
  if (session && session.claims.exp * 1000 <= Date.now()) expireSession();
  return session;
}

export function startSession(token: string, name: string): Session {
  const next = { token, name, claims: decodeClaims(token) };
  sessionStorage.removeItem(EXPIRED_KEY);
  publish(next);
  return next;
}

export function endSession(): void {
  publish(undefined);
}

/** Ends the session because the token was refused or ran out; the sign-in page says so. */
export function expireSession(): void {
  if (!session) return;
  sessionStorage.setItem(EXPIRED_KEY, '1');
  publish(undefined);
}

/** Whether the last session ended by expiry (read once by the sign-in page). */
export function takeExpired(): boolean {
  const expired = sessionStorage.getItem(EXPIRED_KEY) === '1';
  sessionStorage.removeItem(EXPIRED_KEY);
  return expired;
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): Session | undefined {
  return useSyncExternalStore(subscribe, () => session);
}

if (session) publish(session);

export const hasRole = (s: Session | undefined, ...roles: Role[]) => !!s && s.claims.roles.some((r) => roles.includes(r));
