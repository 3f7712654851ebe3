import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ATTRIBUTES, userClaims, type Claims } from '../../shared/identity/claims.js';
import type { DemoOfficial } from './seed.js';

/**
 * The province's user pool on this machine: the Cognito actions the officials' administration
 * calls (AWS JSON 1.1, as the SDK speaks it, at /_local/cognito), kept in the data folder. It is
 * seeded with the demo officials; a token asked for by user name carries what the pool holds,
 * checked by the pre-token trigger's rules, and a disabled or removed official gets none.
 */

interface User {
  username: string;
  attributes: Record<string, string>;
  enabled: boolean;
  /** When every refresh token was last revoked (AdminUserGlobalSignOut). */
  signedOutAt?: string;
}

type Answer = { status: number; body: unknown };
/** The fields of the emulated actions' requests, as Cognito's API names them. */
interface CognitoRequest {
  Username?: string;
  UserAttributes?: { Name: string; Value: string }[];
  UserAttributeNames?: string[];
  Limit?: number;
  PaginationToken?: string;
}
const fault = (type: string, message: string): Answer => ({ status: 400, body: { __type: type, message } });
const attributeList = (attributes: Record<string, string>) => Object.entries(attributes).map(([Name, Value]) => ({ Name, Value }));

/** The local user name of a demo official: their account with the "@" a user name may not hold. */
export const demoUsername = (sub: string) => sub.replace('@', '.').toLowerCase();

export function localUserPool(dataDir: string | undefined, seed: DemoOfficial[]) {
  const file = dataDir ? join(dataDir, 'user-pool.json') : undefined;
  const users = new Map<string, User>(
    file && existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as User[]).map((u) => [u.username, u])
      : seed.map((o) => [
          demoUsername(o.sub),
          {
            username: demoUsername(o.sub),
            enabled: true,
            attributes: {
              sub: o.sub,
              name: o.name,
              email: `${demoUsername(o.sub)}@mot-cua.local`,
              [ATTRIBUTES.province]: o.province,
              [ATTRIBUTES.roles]: o.roles.join(','),
              ...(o.commune ? { [ATTRIBUTES.commune]: o.commune } : {}),
              ...(o.department ? { [ATTRIBUTES.department]: o.department } : {}),
            },
          },
        ]),
  );
  const save = () => {
    if (!file || !dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify([...users.values()]));
  };
  const emailTaken = (email: string | undefined, username: string) => [...users.values()].some((u) => u.username !== username && u.attributes.email === email);
  const named = (input: { Username?: string }) => users.get(input.Username ?? '');

  const actions: Record<string, (input: CognitoRequest) => Answer> = {
    ListUsers: (input) => {
      const all = [...users.values()].sort((a, b) => a.username.localeCompare(b.username));
      const from = Number(input.PaginationToken ?? 0);
      const limit = input.Limit ?? 60;
      const page = all.slice(from, from + limit);
      return {
        status: 200,
        body: {
          Users: page.map((u) => ({ Username: u.username, Attributes: attributeList(u.attributes), Enabled: u.enabled })),
          ...(from + limit < all.length ? { PaginationToken: String(from + limit) } : {}),
        },
      };
    },
    AdminGetUser: (input) => {
      const user = named(input);
      return user
        ? { status: 200, body: { Username: user.username, UserAttributes: attributeList(user.attributes), Enabled: user.enabled } }
        : fault('UserNotFoundException', 'User does not exist.');
    },
    AdminCreateUser: (input) => {
      if (named(input)) return fault('UsernameExistsException', 'User account already exists');
      const attributes = Object.fromEntries((input.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      if (emailTaken(attributes.email, input.Username ?? '')) return fault('AliasExistsException', 'An account with the given email already exists.');
      const user: User = { username: input.Username ?? '', enabled: true, attributes: { ...attributes, sub: randomUUID() } };
      users.set(user.username, user);
      save();
      return { status: 200, body: { User: { Username: user.username, Attributes: attributeList(user.attributes), Enabled: true } } };
    },
    AdminUpdateUserAttributes: (input) => {
      const user = named(input);
      if (!user) return fault('UserNotFoundException', 'User does not exist.');
      const attributes = Object.fromEntries((input.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      if (emailTaken(attributes.email, user.username)) return fault('AliasExistsException', 'An account with the given email already exists.');
      Object.assign(user.attributes, attributes);
      save();
      return { status: 200, body: {} };
    },
    AdminDeleteUserAttributes: (input) => {
      const user = named(input);
      if (!user) return fault('UserNotFoundException', 'User does not exist.');
      for (const name of input.UserAttributeNames ?? []) delete user.attributes[name];
      save();
      return { status: 200, body: {} };
    },
    AdminEnableUser: (input) => enable(input, true),
    AdminDisableUser: (input) => enable(input, false),
    AdminUserGlobalSignOut: (input) => {
      const user = named(input);
      if (!user) return fault('UserNotFoundException', 'User does not exist.');
      user.signedOutAt = new Date().toISOString();
      save();
      return { status: 200, body: {} };
    },
    AdminDeleteUser: (input) => {
      if (!users.delete(input.Username ?? '')) return fault('UserNotFoundException', 'User does not exist.');
      save();
      return { status: 200, body: {} };
    },
  };
  function enable(input: { Username?: string }, enabled: boolean): Answer {
    const user = named(input);
    if (!user) return fault('UserNotFoundException', 'User does not exist.');
    user.enabled = enabled;
    save();
    return { status: 200, body: {} };
  }

  return {
    /** One Cognito action, as `X-Amz-Target: AWSCognitoIdentityProviderService.<action>` names it. */
    call(target: string | undefined, input: unknown): Answer {
      const action = actions[(target ?? '').replace(/^AWSCognitoIdentityProviderService\./, '')];
      return action ? action((input ?? {}) as CognitoRequest) : fault('InvalidParameterException', `${target} is not emulated`);
    },
    /** The claims a token for this user carries, as the pre-token trigger would give them; undefined when no token may be issued. */
    claimsOf(username: string): ({ sub: string; 'cognito:username': string } & Claims) | { refused: string } {
      const user = users.get(username);
      if (!user) return { refused: `no official ${username}` };
      if (!user.enabled) return { refused: `${username} is disabled` };
      return { sub: user.attributes.sub!, 'cognito:username': username, ...userClaims(user.attributes) };
    },
    /** Whether an account of that sub may get a token (an account the pool does not hold is a test's own). */
    refuses: (sub: string) => [...users.values()].some((u) => u.attributes.sub === sub && !u.enabled),
    /** The enabled officials, as the local sign-in page lists them. */
    enabled: () => [...users.values()].filter((u) => u.enabled),
    user: (username: string) => users.get(username),
  };
}

export type LocalUserPool = ReturnType<typeof localUserPool>;
