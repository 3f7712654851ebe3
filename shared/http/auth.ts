import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import * as z from 'zod/mini';
import { DEPARTMENTS, OFFICIAL_NAME_MAX, ROLES, type Actor } from '../domain/model.js';
import { unauthorized } from './problem.js';

/**
 * API Gateway's JWT authorizer passes claims as strings; a list claim arrives as "[a b]" or
 * "a,b" depending on the issuer, a real array only from some. All three are read the same.
 */
const listClaim = z.pipe(
  z.transform((value: unknown) => {
    if (Array.isArray(value) || typeof value !== 'string') return value;
    return value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .map((r) => r.replace(/^"|"$/g, ''))
      .filter(Boolean);
  }),
  z.array(z.enum(ROLES)).check(z.minLength(1)),
);

const claimsSchema = z.object({
  // Only access tokens: an ID token carries the same claims but is meant for the client, not the API.
  token_use: z.literal('access'),
  sub: z.string().check(z.minLength(1)),
  // The official's name (Cognito's standard attribute): records keep it beside the account.
  name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(OFFICIAL_NAME_MAX))),
  roles: listClaim,
  province: z.string().check(z.minLength(1)),
  commune: z.optional(z.string().check(z.minLength(1))),
  department: z.optional(z.enum(DEPARTMENTS)),
});

/** The acting official or portal, from the claims the authorizer verified. */
export function actorOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Actor {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  const parsed = claimsSchema.safeParse(claims ?? {});
  if (!parsed.success) throw unauthorized('an access token carrying the claims sub, roles and province is required');
  const { commune, department, name, token_use: _, ...rest } = parsed.data;
  return { ...rest, ...(name ? { name } : {}), ...(commune ? { commune } : {}), ...(department ? { department } : {}) };
}
