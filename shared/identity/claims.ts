import { DEPARTMENTS, OFFICIAL_NAME_MAX, PROVINCE_ROLES, ROLES, type Department, type Role } from '../domain/model.js';

/**
 * Who may hold which claims (docs/identity.md), checked in one place: by the pre-token-generation
 * trigger before Cognito issues a token (functions/identity/pre-token.ts) and by the script
 * that creates officials (scripts/users.ts) before it writes a user. Plain TypeScript, no I/O.
 */

/** The user pool's custom attributes (infra/stacks/api.ts) that carry an official's claims. */
export const ATTRIBUTES = {
  /** Cognito's standard attribute: the official's name as records print it. */
  name: 'name',
  province: 'custom:province',
  commune: 'custom:commune',
  department: 'custom:department',
  /** Comma-separated in the attribute, e.g. "DEPT_HEAD,LEADER"; a JSON array in the token. */
  roles: 'custom:roles',
} as const;

/** Roles of a commune's staff: they act in one commune, named by the `commune` claim. */
export const COMMUNE_ROLES: readonly Role[] = ['RECEPTION', 'DEPT_HEAD', 'SPECIALIST', 'LEADER', 'CLERK'];
/** Roles of the provincial office: the whole province, never a `commune` claim. */
/** Roles that belong to a department of the commune People's Committee (the `department` claim). */
export const DEPARTMENT_ROLES: readonly Role[] = ['DEPT_HEAD', 'SPECIALIST'];
/** The role of machine clients (client credentials); never an official's. */
export const PORTAL_ROLE: Role = 'PORTAL';

/** A user name of the pool: it signs in with user name or e-mail, so a user name cannot look like an e-mail. */
export const USERNAME = /^[^\s@]{1,128}$/u;

/**
 * The roles a province's administrator gives its officials: every commune role and the
 * inspector's. Another administrator is made by the operator (`npm run users`), so an
 * administrator can neither raise an account to their own rights nor change one that holds them.
 */
export const ROLES_GIVEN_BY_PROVINCE_ADMIN: readonly Role[] = [...COMMUNE_ROLES, 'PROVINCE_AUDITOR'];

/** A province code as in tokens, keys and the CDK configuration (infra/config.ts). */
export const PROVINCE_CODE = /^[A-Z]{2,4}$/;
/** A commune's unit code, as the API takes it in paths (shared/http/api/common.ts). */
export const COMMUNE_CODE = /^[A-Za-z0-9.]{1,32}$/;

/** The claims the handlers read (shared/http/auth.ts), as they go into an access token. */
export interface Claims {
  /** The official's name (the standard attribute `name`); records keep it beside the account. */
  name?: string;
  roles: Role[];
  province: string;
  commune?: string;
  department?: Department;
}

/** Why a token (or a user) was refused: one readable line per problem, no personal data. */
export class InvalidClaims extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'InvalidClaims';
  }
}

export interface OfficialInput {
  name?: string | undefined;
  /** A list, or the attribute's comma-separated text. */
  roles: readonly string[] | string | undefined;
  province: string | undefined;
  commune?: string | undefined;
  department?: string | undefined;
}

export interface CheckOptions {
  /** The provinces this deployment serves; a user of another province is refused. */
  provinces?: readonly string[];
}

export type Checked = { ok: true; claims: Claims } | { ok: false; problems: string[] };

const isRole = (r: string): r is Role => (ROLES as readonly string[]).includes(r);
const isDepartment = (d: string): d is Department => (DEPARTMENTS as readonly string[]).includes(d);
const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/** "RECEPTION, CLERK" → ['RECEPTION', 'CLERK']: split on commas, trimmed, empties dropped. */
export function splitRoles(value: string): string[] {
  return value
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
}

/**
 * The claims of an official, or every reason they are wrong:
 * known roles only (PORTAL is for machine clients); commune roles need a commune, province
 * roles take none (so the two never mix); DEPT_HEAD and SPECIALIST need a known department,
 * and nobody else has one; the province is a province code (of this deployment, if given).
 */
export function checkOfficial(input: OfficialInput, options: CheckOptions = {}): Checked {
  const problems: string[] = [];
  const listed = typeof input.roles === 'string' ? splitRoles(input.roles) : (input.roles ?? []).map((r) => r.trim()).filter(Boolean);
  const province = blankToUndefined(input.province);
  const commune = blankToUndefined(input.commune);
  const department = blankToUndefined(input.department);
  const name = blankToUndefined(input.name);
  if (name && [...name].length > OFFICIAL_NAME_MAX) problems.push(`name: longer than ${OFFICIAL_NAME_MAX} characters`);

  const unknown = listed.filter((r) => !isRole(r));
  for (const r of unknown) problems.push(`roles: unknown role "${r}" (known: ${ROLES.filter((k) => k !== PORTAL_ROLE).join(', ')})`);
  // Canonical order, no duplicates: the same user always gets the same claim.
  const roles = ROLES.filter((r) => listed.includes(r));
  if (!listed.length) problems.push('roles: at least one role is required');
  if (roles.includes(PORTAL_ROLE)) {
    problems.push('roles: PORTAL is the role of portal machine clients (client credentials), never of an official');
  }

  if (!province) problems.push('province: required (a province code, e.g. LCI)');
  else if (!PROVINCE_CODE.test(province)) problems.push(`province: "${province}" is not a province code (2 to 4 capital letters, e.g. LCI)`);
  else if (options.provinces && !options.provinces.includes(province)) {
    problems.push(`province: ${province} is not served by this deployment (${options.provinces.join(', ')})`);
  }

  const communeRoles = roles.filter((r) => COMMUNE_ROLES.includes(r));
  const provinceRoles = roles.filter((r) => PROVINCE_ROLES.includes(r));
  if (communeRoles.length && provinceRoles.length) {
    problems.push(`roles: commune roles (${communeRoles.join(', ')}) and province roles (${provinceRoles.join(', ')}) cannot be held by one user`);
  } else if (communeRoles.length && !commune) {
    problems.push(
      `commune: ${communeRoles.join(', ')} ${communeRoles.length > 1 ? 'are commune roles and need' : 'is a commune role and needs'} the commune's unit code`,
    );
  } else if (provinceRoles.length && commune) {
    problems.push(`commune: ${provinceRoles.join(', ')} ${provinceRoles.length > 1 ? 'are province roles' : 'is a province role'} and must have no commune`);
  }
  if (commune && !COMMUNE_CODE.test(commune)) problems.push(`commune: "${commune}" is not a unit code (letters, digits and dots, at most 32)`);

  const departmentRoles = roles.filter((r) => DEPARTMENT_ROLES.includes(r));
  if (department && !isDepartment(department)) {
    problems.push(`department: unknown department "${department}" (known: ${DEPARTMENTS.join(', ')})`);
  } else if (departmentRoles.length && !department) {
    problems.push(`department: ${departmentRoles.join(', ')} needs a department (${DEPARTMENTS.join(', ')})`);
  } else if (department && !departmentRoles.length) {
    problems.push(`department: only ${DEPARTMENT_ROLES.join(' and ')} belong to a department; the roles given have none`);
  }

  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    claims: {
      ...(name ? { name } : {}),
      roles,
      province: province!,
      ...(commune ? { commune } : {}),
      ...(department ? { department: department as Department } : {}),
    },
  };
}

/** The claims of an official, or InvalidClaims with every problem. */
export function officialClaims(input: OfficialInput, options: CheckOptions = {}): Claims {
  const checked = checkOfficial(input, options);
  if (!checked.ok) throw new InvalidClaims(checked.problems);
  return checked.claims;
}

/** The claims of a user, from the pool's custom attributes as a trigger receives them. */
export function userClaims(attributes: Readonly<Record<string, string | undefined>>, options: CheckOptions = {}): Claims {
  return officialClaims(
    {
      name: attributes[ATTRIBUTES.name],
      roles: attributes[ATTRIBUTES.roles],
      province: attributes[ATTRIBUTES.province],
      commune: attributes[ATTRIBUTES.commune],
      department: attributes[ATTRIBUTES.department],
    },
    options,
  );
}

/** The custom attributes that give a user these claims (AdminCreateUser's UserAttributes). */
export function claimAttributes(claims: Claims): { Name: string; Value: string }[] {
  return [
    ...(claims.name ? [{ Name: ATTRIBUTES.name, Value: claims.name }] : []),
    { Name: ATTRIBUTES.province, Value: claims.province },
    { Name: ATTRIBUTES.roles, Value: claims.roles.join(',') },
    ...(claims.commune ? [{ Name: ATTRIBUTES.commune, Value: claims.commune }] : []),
    ...(claims.department ? [{ Name: ATTRIBUTES.department, Value: claims.department }] : []),
  ];
}

/** The portal clients of a pool: app client id → province, from PORTAL_CLIENTS (JSON). */
export type PortalClients = Readonly<Record<string, string>>;

/** Reads PORTAL_CLIENTS; a missing or malformed value is a deployment error, reported as such. */
export function parsePortalClients(text: string | undefined): PortalClients {
  if (!text) throw new InvalidClaims(['PORTAL_CLIENTS: not set (JSON {"<app client id>": "<province>"})']);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidClaims(['PORTAL_CLIENTS: not JSON (expected {"<app client id>": "<province>"})']);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidClaims(['PORTAL_CLIENTS: not a JSON object (expected {"<app client id>": "<province>"})']);
  }
  const bad = Object.entries(value).filter(([id, p]) => !id || typeof p !== 'string' || !PROVINCE_CODE.test(p));
  if (bad.length) throw new InvalidClaims(bad.map(([id]) => `PORTAL_CLIENTS: client "${id}" has no valid province code`));
  return value as PortalClients;
}

/** A portal's claims: role PORTAL in the province its app client is registered for; no commune. */
export function portalClaims(clientId: string | undefined, clients: PortalClients): Claims {
  const province = clientId && Object.hasOwn(clients, clientId) ? clients[clientId] : undefined;
  if (!clientId || !province) throw new InvalidClaims([`client: ${clientId || '(none)'} is not a registered portal client`]);
  return { roles: [PORTAL_ROLE], province };
}

/**
 * The claims as Cognito's `claimsToAddOrOverride` takes them (pre-token-generation V2/V3):
 * `roles` a JSON array, the others strings; absent claims are left out, not emptied.
 */
export function tokenClaims(claims: Claims): Record<string, string | string[]> {
  return {
    ...(claims.name ? { name: claims.name } : {}),
    roles: [...claims.roles],
    province: claims.province,
    ...(claims.commune ? { commune: claims.commune } : {}),
    ...(claims.department ? { department: claims.department } : {}),
  };
}
