import {
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  AliasExistsException,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  UsernameExistsException,
  UserNotFoundException,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { DEPARTMENTS, ROLES, type Department, type Role } from '../domain/model.js';
import { ATTRIBUTES, splitRoles } from '../identity/claims.js';
import { AccountTaken, type OfficialAccount } from '../domain/officials.js';

/*
 * The province's officials in its Cognito user pool (USER_POOL_ID), or in the local runtime's
 * emulation of the same API (COGNITO_ENDPOINT). An official's claims are custom attributes
 * (shared/identity/claims.ts); their name, e-mail and phone the standard ones.
 */

const TITLE = 'custom:title';
/** The attributes an administrator may remove when they no longer apply. */
const REMOVABLE = [ATTRIBUTES.commune, ATTRIBUTES.department, TITLE, 'phone_number'];

let cached: CognitoIdentityProviderClient | undefined;
const cognito = () => (cached ??= new CognitoIdentityProviderClient(process.env.COGNITO_ENDPOINT ? { endpoint: process.env.COGNITO_ENDPOINT } : {}));
const pool = () => {
  const id = process.env.USER_POOL_ID;
  if (!id) throw new Error('USER_POOL_ID is not set');
  return id;
};

/** A Vietnamese number as the pool keeps it (E.164): 0912345678 → +84912345678. */
const e164 = (phone: string) => (phone.startsWith('0') ? `+84${phone.slice(1)}` : phone);

function attributesOf(a: OfficialAccount): AttributeType[] {
  return [
    { Name: 'email', Value: a.email },
    { Name: 'email_verified', Value: 'true' },
    { Name: ATTRIBUTES.name, Value: a.name },
    ...(a.phone ? [{ Name: 'phone_number', Value: e164(a.phone) }] : []),
    { Name: ATTRIBUTES.province, Value: a.province },
    { Name: ATTRIBUTES.roles, Value: a.roles.join(',') },
    ...(a.commune ? [{ Name: ATTRIBUTES.commune, Value: a.commune }] : []),
    ...(a.department ? [{ Name: ATTRIBUTES.department, Value: a.department }] : []),
    ...(a.title ? [{ Name: TITLE, Value: a.title }] : []),
  ];
}

/** An account as the pool holds it; roles it does not know are left out. */
export function accountOf(username: string, attributes: AttributeType[] = [], enabled = true): OfficialAccount {
  const value = (name: string) => attributes.find((x) => x.Name === name)?.Value;
  const department = value(ATTRIBUTES.department);
  return {
    username,
    ...(value('sub') ? { sub: value('sub')! } : {}),
    name: value(ATTRIBUTES.name) ?? '',
    email: value('email') ?? '',
    ...(value('phone_number') ? { phone: value('phone_number')! } : {}),
    roles: splitRoles(value(ATTRIBUTES.roles) ?? '').filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    province: value(ATTRIBUTES.province) ?? '',
    ...(value(ATTRIBUTES.commune) ? { commune: value(ATTRIBUTES.commune)! } : {}),
    ...(department && (DEPARTMENTS as readonly string[]).includes(department) ? { department: department as Department } : {}),
    ...(value(TITLE) ? { title: value(TITLE)! } : {}),
    enabled,
  };
}

const taken = (error: unknown): never => {
  if (error instanceof UsernameExistsException) throw new AccountTaken('username');
  if (error instanceof AliasExistsException) throw new AccountTaken('email');
  throw error;
};

/** The port OfficialDirectory (shared/app/ports.ts) over the pool. */
export const userPoolDirectory = {
  async list(limit: number, cursor?: string) {
    const page = await cognito().send(new ListUsersCommand({ UserPoolId: pool(), Limit: limit, ...(cursor ? { PaginationToken: cursor } : {}) }));
    return {
      items: (page.Users ?? []).map((u) => accountOf(u.Username ?? '', u.Attributes, u.Enabled !== false)),
      ...(page.PaginationToken ? { next: page.PaginationToken } : {}),
    };
  },
  async get(username: string): Promise<OfficialAccount | undefined> {
    try {
      const user = await cognito().send(new AdminGetUserCommand({ UserPoolId: pool(), Username: username }));
      return accountOf(username, user.UserAttributes, user.Enabled !== false);
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined;
      throw error;
    }
  },
  async create(account: OfficialAccount) {
    const created = await cognito()
      .send(
        new AdminCreateUserCommand({
          UserPoolId: pool(),
          Username: account.username,
          UserAttributes: attributesOf(account),
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      )
      .catch(taken);
    return accountOf(account.username, created.User?.Attributes, true);
  },
  async update(account: OfficialAccount, before: OfficialAccount) {
    // The province is set at creation and never changes.
    const changed = attributesOf(account).filter((a) => a.Name !== ATTRIBUTES.province);
    await cognito()
      .send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool(), Username: account.username, UserAttributes: changed }))
      .catch(taken);
    const given = new Set(changed.map((a) => a.Name));
    const gone = REMOVABLE.filter((name) => !given.has(name) && attributesOf(before).some((a) => a.Name === name));
    if (gone.length) await cognito().send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool(), Username: account.username, UserAttributeNames: gone }));
  },
  async setEnabled(username: string, enabled: boolean) {
    const input = { UserPoolId: pool(), Username: username };
    await cognito().send(enabled ? new AdminEnableUserCommand(input) : new AdminDisableUserCommand(input));
  },
  async signOutEverywhere(username: string) {
    await cognito().send(new AdminUserGlobalSignOutCommand({ UserPoolId: pool(), Username: username }));
  },
  async remove(username: string) {
    await cognito().send(new AdminDeleteUserCommand({ UserPoolId: pool(), Username: username }));
  },
};
