import * as z from 'zod/mini';
import { DEPARTMENTS, ROLES } from '../../domain/model.js';
import { named, nextCursor } from './common.js';

export const officialAnswer = named(
  'Official',
  "An official of the province's user pool: what their tokens carry (name, roles, commune, department) and whether they may sign in",
  z.strictObject({
    username: z.string(),
    sub: z.optional(z.string()),
    name: z.string(),
    email: z.string(),
    phone: z.optional(z.string()),
    roles: z.array(z.enum(ROLES)),
    province: z.string(),
    commune: z.optional(z.string()),
    department: z.optional(z.enum(DEPARTMENTS)),
    title: z.optional(z.string()),
    enabled: z.boolean(),
  }),
);

export const officialPage = named('OfficialPage', "A page of the province's officials", z.strictObject({ items: z.array(officialAnswer), nextCursor }));
