/**
 * How officials sign in, from /config.json: on AWS the deploy writes it (Cognito managed login
 * with the console's app client); the local runtime answers `{ "signIn": "local" }`, its
 * officials' page.
 */
export type SignInConfig =
  | { signIn: 'local' }
  | {
      signIn: 'cognito';
      /** The pool's issuer (https://cognito-idp.<region>.amazonaws.com/<pool id>). */
      authority: string;
      /** The pool's hosted domain: managed login, token endpoint, sign-out. */
      loginDomain: string;
      clientId: string;
      redirectPath: string;
      signedOutPath: string;
    };

let loaded: Promise<SignInConfig> | undefined;

/** Read once per page load; a missing or unreadable file means the local runtime's sign-in. */
export function signInConfig(): Promise<SignInConfig> {
  loaded ??= fetch('/config.json', { cache: 'no-store', headers: { accept: 'application/json' } })
    .then(async (response) => {
      const type = response.headers.get('content-type') ?? '';
      if (!response.ok || !type.includes('json')) return { signIn: 'local' } as const;
      const config = (await response.json()) as SignInConfig;
      return config.signIn === 'cognito' ? config : ({ signIn: 'local' } as const);
    })
    .catch(() => ({ signIn: 'local' }) as const);
  return loaded;
}
