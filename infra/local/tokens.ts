import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWTPayload, type CryptoKey } from 'jose';
import { PORTAL_SCOPE, STAFF_SCOPE } from '../scopes.js';

/** What the local authorizer checks, as the Cognito JWT authorizer of the HTTP API would. */
export const LOCAL_ISSUER = 'https://local.mot-cua/issuer';
export const LOCAL_AUDIENCE = 'mot-cua-api';
const ALGORITHM = 'RS256';
const LIFETIME = '1h';

/** A portal's client-credentials token holds the portal scope; an official's, the signed-in user's. */
const defaultScope = (claims: Record<string, unknown>) => (Array.isArray(claims.roles) && claims.roles.includes('PORTAL') ? PORTAL_SCOPE : STAFF_SCOPE);

export interface LocalTokens {
  sign(claims: Record<string, unknown>): Promise<string>;
  /** The verified claims, or undefined for a missing, expired, forged or unsigned token. */
  verify(token: string): Promise<JWTPayload | undefined>;
}

/** A local RSA key pair (kept in the data folder so tokens survive a restart) that signs and verifies tokens. */
export async function localTokens(dataDir?: string): Promise<LocalTokens> {
  const file = dataDir ? join(dataDir, 'jwt-key.json') : undefined;
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  if (file && existsSync(file)) {
    const jwk = JSON.parse(readFileSync(file, 'utf8'));
    privateKey = (await importJWK(jwk.private, ALGORITHM)) as CryptoKey;
    publicKey = (await importJWK(jwk.public, ALGORITHM)) as CryptoKey;
  } else {
    ({ privateKey, publicKey } = await generateKeyPair(ALGORITHM, { extractable: true }));
    if (file && dataDir) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, JSON.stringify({ private: await exportJWK(privateKey), public: await exportJWK(publicKey) }));
    }
  }
  return {
    // Claims given are signed as they are: an `exp` in the past makes an expired token for tests,
    // `token_use: 'id'` an ID token (no scope). Otherwise an access token with the scope Cognito gives the caller.
    sign: (claims) => {
      const idToken = claims.token_use === 'id';
      const jwt = new SignJWT({ token_use: 'access', ...(idToken ? {} : { scope: defaultScope(claims) }), ...claims })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE);
      if (claims.iat === undefined) jwt.setIssuedAt();
      if (claims.exp === undefined) jwt.setExpirationTime(LIFETIME);
      return jwt.sign(privateKey);
    },
    verify: async (token) => {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: [ALGORITHM] });
        return payload;
      } catch {
        return undefined;
      }
    },
  };
}
