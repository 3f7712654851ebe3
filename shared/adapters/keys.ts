import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { requiredEnv } from './aws.js';

let stored: Promise<string> | undefined;

/**
 * The key lookup secrets are derived with. The local runtime sets LOOKUP_KEY; on AWS the key is
 * read once per Lambda environment from the Secrets Manager secret named by LOOKUP_KEY_SECRET,
 * so it sits in no function's configuration.
 */
export function lookupKey(): Promise<string> {
  const local = process.env.LOOKUP_KEY;
  if (local) return Promise.resolve(local);
  stored ??= new SecretsManagerClient({})
    .send(new GetSecretValueCommand({ SecretId: requiredEnv('LOOKUP_KEY_SECRET') }))
    .then(({ SecretString }) => {
      if (!SecretString) throw new Error('the lookup key secret has no string value');
      return SecretString;
    })
    .catch((error: unknown) => {
      // A failed read is tried again by the next request, not remembered for the environment's life.
      stored = undefined;
      throw error;
    });
  return stored;
}
