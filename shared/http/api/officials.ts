import * as z from 'zod/mini';
import { DEPARTMENTS, OFFICIAL_NAME_MAX, ROLES } from '../../domain/model.js';
import { resource } from '../route.js';
import { communeParam, provinceParam, text } from './common.js';

const route = resource({
  name: 'Officials',
  description: "The province's officials in its user pool: their names, roles, commune, department; what their tokens then carry",
});

export const officialParams = z.object({
  p: provinceParam,
  username: z.string().check(z.maxLength(128), z.regex(/^[^\s@]{1,128}$/u, 'a user name without spaces or "@"')),
});

/** An official as the administrator sets them; the rules of who may hold which claims are shared/identity's. */
export const officialBody = z.strictObject({
  name: text(OFFICIAL_NAME_MAX),
  email: z.email().check(z.maxLength(254)),
  phone: z.optional(z.string().check(z.maxLength(12), z.regex(/^(\+84|0)\d{9}$/, 'a Vietnamese phone number, 0912345678 or +84912345678'))),
  roles: z.array(z.enum(ROLES)).check(z.minLength(1), z.maxLength(ROLES.length)),
  commune: z.optional(communeParam),
  department: z.optional(z.enum(DEPARTMENTS)),
  title: z.optional(text(100)),
  enabled: z.boolean(),
});

/** ListUsers answers at most 60 a page; its page token is the cursor. */
const officialsQuery = z.strictObject({
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z._default(z.coerce.number().check(z.refine(Number.isInteger, 'an integer'), z.gte(1), z.lte(60)), 60),
});

const READ = ['ListUsers'] as const;
const WRITE = [
  'AdminGetUser',
  'AdminCreateUser',
  'AdminUpdateUserAttributes',
  'AdminDeleteUserAttributes',
  'AdminEnableUser',
  'AdminDisableUser',
  'AdminUserGlobalSignOut',
] as const;

export const routes = {
  list: route({
    name: 'officials-list',
    method: 'GET',
    path: '/v1/provinces/{p}/officials',
    entry: 'functions/http/officials/list.ts',
    params: z.object({ p: provinceParam }),
    query: officialsQuery,
    paged: true,
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query'], userPool: [...READ] },
    summary: "The province's officials",
    description: 'Every official of the province: name, e-mail, roles, commune, department, title and whether they may sign in.',
    answers: { 200: 'OfficialPage' },
  }),
  put: route({
    name: 'officials-put',
    method: 'PUT',
    path: '/v1/provinces/{p}/officials/{username}',
    entry: 'functions/http/officials/put.ts',
    params: officialParams,
    body: officialBody,
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query'], audits: true, userPool: [...WRITE] },
    summary: 'Appoint, move or disable an official',
    description:
      "201 when created (the pool e-mails a temporary password), 200 when changed; the same request again changes nothing more. The claims follow the rules of docs/identity.md; the administrator gives commune roles and PROVINCE_AUDITOR, never PROVINCE_ADMIN, and does not change an administrator's account. Disabling, or changing the name, roles, commune or department, signs the official out everywhere, so the next token carries what was set. On the access trail.",
    example: { name: 'Lò Thị Hoa', email: 'tiepnhan@h3001.laichau.gov.vn', roles: ['RECEPTION'], commune: 'H30.01', title: 'Công chức một cửa', enabled: true },
    answers: { 200: 'Official', 201: 'Official' },
  }),
  remove: route({
    name: 'officials-delete',
    method: 'DELETE',
    path: '/v1/provinces/{p}/officials/{username}',
    entry: 'functions/http/officials/delete.ts',
    params: officialParams,
    roles: 'PROVINCE_ADMIN',
    access: { table: ['Query'], audits: true, userPool: ['AdminGetUser', 'AdminUserGlobalSignOut', 'AdminDeleteUser'] },
    summary: "Remove an official's account",
    description: 'Signs the official out everywhere, then removes the account; records keep their name and account. On the access trail.',
    answers: { 204: null },
  }),
};
