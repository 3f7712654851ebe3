import middy from '@middy/core';
import { InvalidClaims, parsePortalClients, portalClaims, tokenClaims, userClaims, type Claims } from '../../shared/identity/claims.js';
import { lambdaContextInLogs } from '../../shared/observability/lambda.js';
import { logger } from '../../shared/observability/logger.js';

/**
 * Cognito pre-token-generation trigger (event version 3, `LambdaVersion.V3_0`): puts the
 * claims the handlers read — `roles` (a JSON array), `province`, `commune`, `department` — into
 * the access token, and the id token, of every token Cognito issues for the officials' pool.
 *
 * - Officials (sign-in, new-password challenge, device, refresh): from the custom attributes
 *   custom:roles (comma-separated), custom:province, custom:commune, custom:department,
 *   checked against the rules of docs/identity.md (shared/identity/claims.ts).
 * - Portals (`TokenGeneration_ClientCredentials`, only delivered to V3 triggers): role PORTAL
 *   in the province PORTAL_CLIENTS gives for the app client id; no commune, no id token.
 *
 * Anything wrong (an unknown role, a department role with no department, a commune role with no
 * commune, an unknown client) throws: Cognito then issues no token at all, rather than a token
 * with wrong claims. Logs carry ids and codes only, never a username or an e-mail.
 *
 * Env: PORTAL_CLIENTS (JSON {"<app client id>": "<province>"}), PROVINCES (the provinces this
 * deployment serves, comma-separated; a user of another province is refused).
 */

/** The user-pool event, as Cognito sends it to V2_0 and V3_0 triggers (the shape is the same). */
export interface PreTokenGenerationEvent {
  version: string;
  triggerSource: string;
  region: string;
  userPoolId: string;
  userName?: string;
  callerContext: { awsSdkVersion?: string; clientId?: string };
  request: {
    userAttributes?: Record<string, string>;
    scopes?: string[];
    groupConfiguration?: unknown;
    clientMetadata?: Record<string, string>;
  };
  response: { claimsAndScopeOverrideDetails?: ClaimsAndScopeOverrideDetails | null };
}

type ClaimValue = string | string[];
export interface ClaimsAndScopeOverrideDetails {
  idTokenGeneration?: { claimsToAddOrOverride?: Record<string, ClaimValue>; claimsToSuppress?: string[] };
  accessTokenGeneration?: {
    claimsToAddOrOverride?: Record<string, ClaimValue>;
    claimsToSuppress?: string[];
    scopesToAdd?: string[];
    scopesToSuppress?: string[];
  };
}

export const CLIENT_CREDENTIALS = 'TokenGeneration_ClientCredentials';

const provinces = () =>
  (process.env.PROVINCES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);

/**
 * The claims of this token request and where they go; pure apart from reading the environment.
 * Throws InvalidClaims when no token may be issued.
 */
export function tokenOverrides(
  event: PreTokenGenerationEvent,
  env: { portalClients?: string | undefined; provinces?: readonly string[] } = {},
): {
  claims: Claims;
  details: ClaimsAndScopeOverrideDetails;
} {
  // A V1 trigger cannot touch the access token: the claims would silently be missing.
  if (event.version === '1') throw new InvalidClaims(['trigger: configured as event version 1; the pool must use LambdaVersion V2_0 or V3_0']);
  if (event.triggerSource === CLIENT_CREDENTIALS) {
    const claims = portalClaims(event.callerContext?.clientId, parsePortalClients(env.portalClients));
    // Client credentials issue an access token only.
    return { claims, details: { accessTokenGeneration: { claimsToAddOrOverride: tokenClaims(claims) } } };
  }
  const claims = userClaims(event.request?.userAttributes ?? {}, env.provinces?.length ? { provinces: env.provinces } : {});
  const claimsToAddOrOverride = tokenClaims(claims);
  return {
    claims,
    details: {
      accessTokenGeneration: { claimsToAddOrOverride },
      idTokenGeneration: { claimsToAddOrOverride: { ...claimsToAddOrOverride } },
    },
  };
}

export const handler = middy(async (event: PreTokenGenerationEvent): Promise<PreTokenGenerationEvent> => {
  // Ids and codes only: the user's `sub` (an opaque id), never the username or the e-mail.
  const who = {
    triggerSource: event.triggerSource,
    version: event.version,
    clientId: event.callerContext?.clientId,
    ...(event.request?.userAttributes?.sub ? { sub: event.request.userAttributes.sub } : {}),
  };
  try {
    const { claims, details } = tokenOverrides(event, { portalClients: process.env.PORTAL_CLIENTS, provinces: provinces() });
    logger.info('token claims', { ...who, roles: claims.roles, province: claims.province, commune: claims.commune, department: claims.department });
    return { ...event, response: { ...event.response, claimsAndScopeOverrideDetails: details } };
  } catch (error) {
    const problems = error instanceof InvalidClaims ? error.problems : [String(error)];
    logger.warn('token refused', { ...who, problems });
    // Cognito refuses the sign-in (or the client-credentials grant) and shows this message.
    throw new Error(`token refused: ${problems.join('; ')}`);
  }
}).use(lambdaContextInLogs());
