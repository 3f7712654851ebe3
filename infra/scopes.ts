import { HTTP_ROUTES, type HttpRoute } from '../shared/http/routes.js';

/** The OAuth scope portals (machine clients, client-credentials flow) are issued. */
export const PORTAL_SCOPE = 'mot-cua/dossiers';
/** The scope Cognito puts in the access token of every user who signed in: the officials' tokens. */
export const STAFF_SCOPE = 'aws.cognito.signin.user.admin';

/**
 * The routes a portal calls for its citizens, as their declarations say (`portal`): submit, list
 * and read its own dossiers, their forms and files (and attach the citizen's files), the
 * transitions the lifecycle allows a portal (supplement, withdraw), and its webhooks.
 */
export const PORTAL_ROUTES: ReadonlySet<string> = new Set(HTTP_ROUTES.filter((r) => r.portal).map((r) => r.name));

/**
 * The scopes an authenticated route accepts, one of which the access token must hold: the
 * staff scope everywhere, the portal scope only on the portal routes. An ID token carries no
 * scope at all, so no route takes one. Public routes take no token.
 */
export function routeScopes(route: HttpRoute): string[] {
  if (route.public) return [];
  return route.portal ? [STAFF_SCOPE, PORTAL_SCOPE] : [STAFF_SCOPE];
}
