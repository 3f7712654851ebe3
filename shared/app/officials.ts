import { PROVINCE_ROLES, type Actor, type Department, type Role } from '../domain/model.js';
import { checkOfficial, ROLES_GIVEN_BY_PROVINCE_ADMIN } from '../identity/claims.js';
import type { tenancy } from './access.js';
import type { AccessSource } from './audit.js';
import { AccountTaken, type OfficialAccount } from '../domain/officials.js';
import type { OfficialDirectory } from './ports.js';
import { Refused } from './refusal.js';

/** What the province's administrator sets of an official. */
export interface OfficialInput {
  name: string;
  email: string;
  phone?: string;
  roles: Role[];
  commune?: string;
  department?: Department;
  title?: string;
  enabled: boolean;
}

const ADMIN: readonly Role[] = ['PROVINCE_ADMIN'];

/** Whether the claims a token carries differ: the official is signed out so the next token carries the new ones. */
const claimsChanged = (a: OfficialAccount, b: OfficialAccount) =>
  a.name !== b.name || a.roles.join() !== b.roles.join() || a.commune !== b.commune || a.department !== b.department;

/**
 * The officials of a province, administered by its PROVINCE_ADMIN over the user pool with the
 * rules of shared/identity: the claims an account may hold, the roles an administrator gives,
 * communes of the province only. Every change is on the access trail.
 */
export function officialsAdministration({
  directory,
  access,
  record,
}: {
  directory: OfficialDirectory;
  access: ReturnType<typeof tenancy>;
  record: (actor: Actor, source: AccessSource, subject: { commune: string; id: string }, action: string) => Promise<void>;
}) {
  const onTrail = (actor: Actor, source: AccessSource, province: string, username: string, action: string) =>
    record(actor, source, { commune: province, id: `official:${username}` }, action);

  async function list(actor: Actor, province: string, limit: number, cursor?: string) {
    await access.provinceFor(actor, province, ADMIN);
    const page = await directory.list(limit, cursor);
    return { ...page, items: page.items.filter((o) => o.province === province) };
  }

  /** The account of another province, or an administrator's (the operator's to change), is not the administrator's to touch. */
  async function ownAccount(province: string, username: string): Promise<OfficialAccount | undefined> {
    const before = await directory.get(username);
    if (before && before.province !== province) throw new Refused('not-found', `no official ${username} in province ${province}`);
    if (before?.roles.some((r) => PROVINCE_ROLES.includes(r) && !ROLES_GIVEN_BY_PROVINCE_ADMIN.includes(r))) {
      throw new Refused('forbidden', `${username} is a province administrator: that account is changed by the operator (npm run users)`);
    }
    return before;
  }

  /** Creates or changes an official; the same request twice is one official. Disabling, or changing what their tokens carry, signs them out everywhere. */
  async function put(actor: Actor, source: AccessSource, province: string, username: string, input: OfficialInput, retried = false) {
    const config = await access.provinceFor(actor, province, ADMIN);
    const checked = checkOfficial(
      { name: input.name, roles: input.roles, province, commune: input.commune, department: input.department },
      { provinces: [province] },
    );
    if (!checked.ok) {
      throw new Refused(
        'invalid',
        checked.problems.join('; '),
        checked.problems.map((p) => ({ path: `body.${p.slice(0, p.indexOf(':'))}`, message: p.slice(p.indexOf(':') + 2) })),
      );
    }
    const withheld = checked.claims.roles.filter((r) => !ROLES_GIVEN_BY_PROVINCE_ADMIN.includes(r));
    if (withheld.length) throw new Refused('forbidden', `a province administrator does not give the role ${withheld.join(', ')}`);
    if (input.commune && !config.communes.some((c) => c.code === input.commune)) {
      throw new Refused('invalid', `${input.commune} is not a commune of province ${province}`, [
        { path: 'body.commune', message: 'not a commune of the province' },
      ]);
    }
    const before = await ownAccount(province, username);
    const { claims } = checked;
    const account: OfficialAccount = {
      username,
      name: claims.name!,
      email: input.email,
      ...(input.phone ? { phone: input.phone } : {}),
      roles: claims.roles,
      province,
      ...(claims.commune ? { commune: claims.commune } : {}),
      ...(claims.department ? { department: claims.department } : {}),
      ...(input.title ? { title: input.title } : {}),
      enabled: input.enabled,
    };
    try {
      if (!before) await directory.create(account);
      else await directory.update(account, before);
    } catch (error) {
      // Created at the same moment by another request: the same official, changed now.
      if (error instanceof AccountTaken && error.what === 'username' && !retried) return put(actor, source, province, username, input, true);
      if (error instanceof AccountTaken)
        throw new Refused('conflict', `the e-mail ${input.email} is another official's`, [{ path: 'body.email', message: 'in use' }]);
      throw error;
    }
    const enabledBefore = before ? before.enabled : true;
    if (enabledBefore !== input.enabled) await directory.setEnabled(username, input.enabled);
    if (before && ((enabledBefore && !input.enabled) || claimsChanged(account, before))) await directory.signOutEverywhere(username);
    await onTrail(actor, source, province, username, before ? 'official-changed' : 'official-created');
    return { official: (await directory.get(username)) ?? account, created: !before };
  }

  /** Removes an official's account after signing them out everywhere; records keep their name and account. */
  async function remove(actor: Actor, source: AccessSource, province: string, username: string) {
    await access.provinceFor(actor, province, ADMIN);
    const before = await ownAccount(province, username);
    if (!before) throw new Refused('not-found', `no official ${username} in province ${province}`);
    await directory.signOutEverywhere(username);
    await directory.remove(username);
    await onTrail(actor, source, province, username, 'official-removed');
  }

  return { list, put, remove };
}
