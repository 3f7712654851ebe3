import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { defineApp, type ProvinceStacks } from '../../infra/stacks/province.js';
import { LAMBDA_ENVIRONMENT_BYTES, environmentBytes } from '../../infra/stacks/functions.js';
import { HASH_SIGNING_FUNCTIONS, SIGNING_FUNCTIONS, SIGNING_PROVIDER_FUNCTIONS } from '../../infra/stacks/service-stack.js';
import { SIGNING_CONFIG_CONSTANT } from '../../shared/adapters/signing/providers.js';
import { ALL_FUNCTIONS, allStatementsOf, list, logicalId, type Resource, type Statement } from './province-stacks.js';

/**
 * The province's signing providers in the service stack: the configuration is compiled into the
 * signing functions' code only, never put in an environment (Lambda's 4 KB); a KMS key may sign only for the functions that have a hash signed, and a CSC
 * service's token is read from its secret by the functions that ask a provider — exactly those
 * keys and that secret, and nothing at all when none is configured.
 */

const SEAL_KEY = 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TOKEN_SECRET = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:mot-cua/lci/vnpt-ca-token-AbCdEf';
const PILOT_KEY = 'arn:aws:kms:ap-southeast-1:123456789012:key/mrk-0123456789abcdef0123456789abcdef';
/** The province's signing configuration as the local runtime gives it through the environment: never so when deployed. */
const CONFIGURATION = ['SIGNING_PROVIDERS', 'SIGNING_TSA_URL', 'SIGNING_TRUST_ANCHORS'];
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n';
/** A certificate of a real CA's size (about 1.9 KB of PEM: a 4096-bit RSA key and its extensions). */
const sized = (n: number) =>
  `-----BEGIN CERTIFICATE-----\n${Array.from({ length: 28 }, (_, i) => `MII${String(n).padStart(2, '0')}${String(i).padStart(2, '0')}`.padEnd(64, 'A')).join('\n')}\n-----END CERTIFICATE-----\n`;

const signing = {
  providers: {
    'vnpt-ca': { url: 'https://rs.vnpt-ca.vn/csc/v2', tokenSecretArn: TOKEN_SECRET },
    'kms-seal': {
      kind: 'KMS',
      keys: [
        { keyArn: SEAL_KEY, certificates: PEM },
        { keyArn: PILOT_KEY, certificates: PEM },
      ],
    },
  },
  tsaUrl: 'http://tsa.vnpt-ca.vn',
  trustAnchors: PEM,
};

function synthesize(extra: Record<string, unknown>) {
  const [province] = cdkJson.context['mot-cua:provinces'];
  const app = new App({ context: { ...cdkJson.context, 'mot-cua:provinces': [{ ...province, ...extra }], 'aws:cdk:bundling-stacks': [] } });
  const [stacks] = defineApp(app) as [ProvinceStacks];
  return { stacks, template: Template.fromStack(stacks.service) };
}

const grantsOf = (stacks: ProvinceStacks, resources: Record<string, Resource>) =>
  new Map(
    ALL_FUNCTIONS.filter((n) => stacks.service.functions.has(n)).map((n) => [n, allStatementsOf(logicalId(stacks.service.functions.get(n)!.role), resources)]),
  );
const allowing = (statements: Statement[], action: string) => statements.filter((s) => s.Effect === 'Allow' && list(s.Action).includes(action));

describe('signing providers in the service stack', () => {
  let configured: { stacks: ProvinceStacks; resources: Record<string, Resource> };
  let bare: { stacks: ProvinceStacks; resources: Record<string, Resource> };

  beforeAll(() => {
    const withSigning = synthesize({ signing });
    configured = { stacks: withSigning.stacks, resources: withSigning.template.toJSON().Resources as Record<string, Resource> };
    const without = synthesize({});
    bare = { stacks: without.stacks, resources: without.template.toJSON().Resources as Record<string, Resource> };
  }, 120_000);

  it('let only the functions that have a hash signed use exactly the configured KMS keys, with kms:Sign alone', () => {
    const grants = grantsOf(configured.stacks, configured.resources);
    const signers = [...grants].filter(([, statements]) => allowing(statements, 'kms:Sign').length).map(([name]) => name);
    expect(signers.sort()).toEqual([...HASH_SIGNING_FUNCTIONS].sort());
    for (const name of HASH_SIGNING_FUNCTIONS) {
      const [statement, ...others] = allowing(grants.get(name)!, 'kms:Sign');
      expect(others).toEqual([]);
      expect(statement).toMatchObject({ Sid: 'SigningKeys', Action: 'kms:Sign', Resource: [SEAL_KEY, PILOT_KEY] });
      expect(statement!.Condition).toBeUndefined();
    }
    // The certificate is configured with the key: no function reads a key's public half, nor uses any other key.
    for (const [name, statements] of grants) {
      expect(allowing(statements, 'kms:GetPublicKey'), name).toEqual([]);
      expect(
        statements.filter((s) =>
          list(s.Resource).some((r) => r === '*' || (typeof r === 'string' && r.includes(':key/') && ![SEAL_KEY, PILOT_KEY].includes(r))),
        ),
        name,
      ).toEqual([]);
    }
  });

  it("compile the configuration into the signing functions' code only, each provider as configured, and into no environment", () => {
    for (const name of ALL_FUNCTIONS.filter((n) => configured.stacks.service.functions.has(n))) {
      const f = configured.stacks.service.functions.get(name)!;
      const env = configured.resources[logicalId(f.fn)]!.Properties.Environment.Variables as Record<string, string>;
      expect(
        Object.keys(env).filter((k) => CONFIGURATION.includes(k) || /TOKEN|PASSWORD|CREDENTIAL/i.test(k)),
        name,
      ).toEqual([]);
      if (!SIGNING_FUNCTIONS.includes(name)) {
        expect(f.compiledIn, name).toEqual({});
        continue;
      }
      expect(Object.keys(f.compiledIn), name).toEqual([SIGNING_CONFIG_CONSTANT]);
      const compiled = f.compiledIn[SIGNING_CONFIG_CONSTANT] as { providers: Record<string, unknown>; tsaUrl: string; trustAnchors: string };
      expect(compiled.providers['vnpt-ca']).toEqual({ kind: 'CSC', url: 'https://rs.vnpt-ca.vn/csc/v2', tokenSecretArn: TOKEN_SECRET });
      expect(compiled.providers['kms-seal']).toEqual({ kind: 'KMS', keys: signing.providers['kms-seal'].keys });
      expect(compiled).toMatchObject({ tsaUrl: signing.tsaUrl, trustAnchors: PEM });
    }
  });

  it("let only the functions that ask a provider read the CSC service's token, from exactly its secret", () => {
    const grants = grantsOf(configured.stacks, configured.resources);
    const readers = [...grants].filter(([, statements]) => allowing(statements, 'secretsmanager:GetSecretValue').length).map(([name]) => name);
    expect(readers.sort()).toEqual([...SIGNING_PROVIDER_FUNCTIONS].sort());
    for (const name of SIGNING_PROVIDER_FUNCTIONS) {
      expect(allowing(grants.get(name)!, 'secretsmanager:GetSecretValue')).toEqual([
        expect.objectContaining({ Sid: 'SigningProviderTokens', Resource: TOKEN_SECRET }),
      ]);
    }
  });

  it('grant nothing of the kind when no provider is configured', () => {
    for (const [name, statements] of grantsOf(bare.stacks, bare.resources)) {
      expect(allowing(statements, 'kms:Sign'), name).toEqual([]);
      expect(
        statements.filter((s) => s.Sid === 'SigningKeys' || s.Sid === 'SigningProviderTokens'),
        name,
      ).toEqual([]);
      const env = bare.resources[logicalId(bare.stacks.service.functions.get(name)!.fn)]!.Properties.Environment.Variables as Record<string, string>;
      expect(
        Object.keys(env).filter((k) => CONFIGURATION.includes(k)),
        name,
      ).toEqual([]);
    }
  });

  it("deploy a real CA's configuration (about 8 KB of certificates): compiled in, every environment far under Lambda's 4 KB", () => {
    const trustAnchors = sized(1) + sized(2);
    const keys = [1, 2].map((n) => ({ keyArn: SEAL_KEY.replace('1234abcd', `0000000${n}`), certificates: sized(10 + n) + sized(20 + n) }));
    const real = { ...signing, trustAnchors, providers: { ...signing.providers, 'kms-seal': { kind: 'KMS', keys } } };
    const certificates = Buffer.byteLength(trustAnchors) + keys.reduce((n, k) => n + Buffer.byteLength(k.certificates), 0);
    expect(certificates).toBeGreaterThan(8 * 1024);
    const { stacks, template } = synthesize({ signing: real });
    const fns = template.toJSON().Resources as Record<string, Resource>;
    for (const name of ALL_FUNCTIONS.filter((n) => stacks.service.functions.has(n))) {
      const variables = fns[logicalId(stacks.service.functions.get(name)!.fn)]!.Properties.Environment.Variables as Record<string, unknown>;
      expect(environmentBytes(variables), name).toBeLessThan(LAMBDA_ENVIRONMENT_BYTES / 4);
    }
    for (const name of SIGNING_FUNCTIONS) {
      expect(stacks.service.functions.get(name)!.compiledIn[SIGNING_CONFIG_CONSTANT], name).toMatchObject({
        trustAnchors,
        providers: { 'kms-seal': { keys } },
      });
    }
    expect(
      grantsOf(stacks, fns)
        .get('dossiers-approve')!
        .find((s) => s.Sid === 'SigningKeys'),
    ).toMatchObject({ Resource: keys.map((k) => k.keyArn) });
  }, 60_000);
});
