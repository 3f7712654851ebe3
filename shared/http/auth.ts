import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { z } from 'zod';
import { DEPARTMENTS, ROLES, type Actor } from '../domain/model.js';
import { unauthorized } from './problem.js';

/**
 * API Gateway's JWT authorizer passes claims as strings; a list claim arrives as "[a b]" or
 * "a,b" depending on the issuer, a real array only from some. All three are read the same.
 */
const listClaim = z.preprocess((value) => {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return value;
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((r) => r.replace(/^"|"$/g, ''))
    .filter(Boolean);
}, z.array(z.enum(ROLES)).min(1));

const claimsSchema = z.object({
  sub: z.string().min(1),
  roles: listClaim,
  province: z.string().min(1),
  commune: z.string().min(1).optional(),
  department: z.enum(DEPARTMENTS).optional(),
});

/** The acting official or portal, from the claims the authorizer verified. */
export function actorOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) throw unauthorized('the token does not carry the claims sub, roles and province');
  const { commune, department, ...rest } = parsed.data;
  return { ...rest, ...(commune ? { commune } : {}), ...(department ? { department } : {}) };
}
