import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { SignInConfig } from './config';

type Cognito = Extract<SignInConfig, { signIn: 'cognito' }>;

/**
 * Cognito managed login: the authorization code flow with PKCE (oidc-client-ts), against the
 * pool's hosted domain. The endpoints are given, not discovered, so the console talks to the
 * token endpoint alone (its content security policy allows nothing else).
 */
function manager(config: Cognito): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: config.authority,
    client_id: config.clientId,
    redirect_uri: `${origin}${config.redirectPath}`,
    post_logout_redirect_uri: `${origin}${config.signedOutPath}`,
    response_type: 'code',
    scope: 'openid profile aws.cognito.signin.user.admin',
    loadUserInfo: false,
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    metadata: {
      issuer: config.authority,
      authorization_endpoint: `${config.loginDomain}/oauth2/authorize`,
      token_endpoint: `${config.loginDomain}/oauth2/token`,
      revocation_endpoint: `${config.loginDomain}/oauth2/revoke`,
      jwks_uri: `${config.authority}/.well-known/jwks.json`,
    },
  });
}

/** Off to the managed login page; it comes back to the callback path with a code. */
export const signInWithCognito = (config: Cognito): Promise<void> => manager(config).signinRedirect();

/** The callback: the code exchanged (with the PKCE verifier) for the official's tokens. */
export async function completeCognitoSignIn(config: Cognito): Promise<{ accessToken: string; name: string }> {
  const user = await manager(config).signinRedirectCallback();
  const profile = user.profile as { name?: string; 'cognito:username'?: string; email?: string };
  return { accessToken: user.access_token, name: profile.name ?? profile['cognito:username'] ?? profile.email ?? user.profile.sub };
}

/** Signs out of the managed login too, so the next official at this computer signs in afresh. */
export async function signOutOfCognito(config: Cognito): Promise<void> {
  await manager(config).removeUser();
  const back = encodeURIComponent(`${window.location.origin}${config.signedOutPath}`);
  window.location.assign(`${config.loginDomain}/logout?client_id=${encodeURIComponent(config.clientId)}&logout_uri=${back}`);
}
