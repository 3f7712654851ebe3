import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

let client: SecretsManagerClient | undefined;
const kept = new Map<string, { value: string | undefined; at: number }>();

/**
 * A Secrets Manager secret's string, kept `maxAgeS` seconds per process: read once per warm
 * function, and a rotated value is taken up within that time without a redeploy.
 */
export async function secretValue(arn: string, maxAgeS: number): Promise<string | undefined> {
  const hit = kept.get(arn);
  if (hit && Date.now() - hit.at < maxAgeS * 1000) return hit.value;
  client ??= new SecretsManagerClient({});
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  kept.set(arn, { value: SecretString, at: Date.now() });
  return SecretString;
}
