import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../../shared/domain/calendar.js';
import { CONTEXT_PROVINCES, CONTEXT_SELECT, DEMO_PROVINCE_CONFIG, readProvinces } from '../../infra/config.js';
import cdkJson from '../../cdk.json' with { type: 'json' };

const read = (context: Record<string, unknown>) => readProvinces(new App({ context }).node);
/** The least a province must configure. */
const DBN = {
  code: 'DBN',
  name: 'Điện Biên',
  corsOrigins: ['https://dichvucong.dienbien.gov.vn'],
  authDomainPrefix: 'motcua-dienbien',
  alarmEmails: ['ops@example.com'],
};

describe('per-province configuration (CDK context)', () => {
  it('defaults to the demo province LCI in ap-southeast-1 when no context is given', () => {
    const [lci, ...rest] = read({});
    expect(rest).toEqual([]);
    expect(lci).toMatchObject({ code: 'LCI', name: 'Lai Châu', region: 'ap-southeast-1', officeHours: DEFAULT_OFFICE_HOURS });
    expect(lci!.corsOrigins.every((o) => o.startsWith('https://'))).toBe(true);
  });

  it('cdk.json carries a valid configuration of LCI', () => {
    const [lci] = read({ [CONTEXT_PROVINCES]: cdkJson.context[CONTEXT_PROVINCES] });
    expect(lci).toMatchObject({ code: 'LCI', region: 'ap-southeast-1', logRetentionDays: 365 });
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
  });

  it('fills defaults: region, office hours, throttle, log retention', () => {
    const [p] = read({ [CONTEXT_PROVINCES]: [{ ...DBN }] });
    expect(p).toMatchObject({
      region: 'ap-southeast-1',
      officeHours: DEFAULT_OFFICE_HOURS,
      throttle: { rateLimit: 50, burstLimit: 100 },
      logRetentionDays: 365,
      dashboard: false,
    });
  });

  it('accepts the provinces as a JSON string (-c on the command line) and selects one', () => {
    const two = JSON.stringify([DEMO_PROVINCE_CONFIG, { ...DEMO_PROVINCE_CONFIG, ...DBN }]);
    expect(read({ [CONTEXT_PROVINCES]: two }).map((p) => p.code)).toEqual(['LCI', 'DBN']);
    expect(read({ [CONTEXT_PROVINCES]: two, [CONTEXT_SELECT]: 'DBN' }).map((p) => p.code)).toEqual(['DBN']);
    expect(() => read({ [CONTEXT_PROVINCES]: two, [CONTEXT_SELECT]: 'XYZ' })).toThrow(/not among the configured provinces/);
  });

  it('refuses a bad configuration, naming every problem', () => {
    const bad = [
      { code: 'lci', name: '', corsOrigins: ['http://insecure.example'], officeHours: { sessions: [{ start: '17:00', end: '07:00' }], weekdays: [0] } },
    ];
    expect(() => read({ [CONTEXT_PROVINCES]: bad })).toThrow(/mot-cua:provinces\.0\.code[\s\S]*\.name[\s\S]*officeHours[\s\S]*corsOrigins\.0/);
    expect(() => read({ [CONTEXT_PROVINCES]: [DEMO_PROVINCE_CONFIG, DEMO_PROVINCE_CONFIG] })).toThrow(/unique/);
    expect(() => read({ [CONTEXT_PROVINCES]: [{ ...DEMO_PROVINCE_CONFIG, region: 'Singapore' }] })).toThrow(/region/);
  });

  it('refuses what would fail to deploy or leave the province unwatched, with a sentence saying what to set', () => {
    const { authDomainPrefix: _, alarmEmails: __, ...bare } = DBN;
    expect(() => read({ [CONTEXT_PROVINCES]: [bare] })).toThrow(/\.authDomainPrefix: required[\s\S]*\.alarmEmails: no alarm destination/);
    const { authDomainPrefix: ___, ...noPrefix } = DBN;
    expect(() => read({ [CONTEXT_PROVINCES]: [noPrefix] })).toThrow(/authDomainPrefix: required: set authDomainPrefix to a prefix of your own/);
    expect(() => read({ [CONTEXT_PROVINCES]: [{ ...DBN, authDomainPrefix: 'my-cognito-pool' }] })).toThrow(/authDomainPrefix: Cognito refuses .*"cognito"/);
    expect(() => read({ [CONTEXT_PROVINCES]: [{ ...DBN, alarmEmails: [] }] })).toThrow(/alarmEmails: no alarm destination: set alarmEmails/);
    expect(() => read({ [CONTEXT_PROVINCES]: [{ ...DBN, alarmEmails: [], alarmTopicArns: ['not-an-arn'] }] })).toThrow(/alarmTopicArns\.0: an SNS topic ARN/);
    expect(() => read({ [CONTEXT_PROVINCES]: [{ ...DBN, publicThrottle: { rateLimit: 20, burstLimit: 20 } }] })).toThrow(
      /publicThrottle: the 10 public routes together .* must stay below the stage's throttle/,
    );
    expect(() =>
      read({ [CONTEXT_PROVINCES]: [{ ...DBN, throttle: { rateLimit: 250, burstLimit: 400 }, publicThrottle: { rateLimit: 20, burstLimit: 20 } }] }),
    ).not.toThrow();
    const lci = { ...DEMO_PROVINCE_CONFIG, account: '123456789012' };
    expect(() => read({ [CONTEXT_PROVINCES]: [lci, { ...DBN, account: '123456789012' }] })).toThrow(
      /share an account and region: give each province an account of its own/,
    );
    expect(() => read({ [CONTEXT_PROVINCES]: [lci, { ...DBN, account: '210987654321' }] })).not.toThrow();
    expect(() => read({ [CONTEXT_PROVINCES]: [DEMO_PROVINCE_CONFIG, { ...DBN, authDomainPrefix: DEMO_PROVINCE_CONFIG.authDomainPrefix }] })).toThrow(
      /same authDomainPrefix/,
    );
  });

  it('reads signing providers as CSC services unless they say KMS, and refuses a token written in the configuration', () => {
    const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const KEY = 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const SECRET = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:mot-cua/dbn/ca-token-AbCdEf';
    const signing = (providers: Record<string, unknown>) => ({ providers, tsaUrl: 'http://tsa.example.vn', trustAnchors: PEM });
    const [p] = read({
      [CONTEXT_PROVINCES]: [
        {
          ...DBN,
          signing: signing({
            ca: { url: 'https://rs.example.vn/csc/v2', tokenSecretArn: SECRET },
            seal: { kind: 'KMS', keys: [{ keyArn: KEY, certificates: PEM }] },
          }),
        },
      ],
    });
    expect(p!.signing!.providers).toEqual({
      ca: { kind: 'CSC', url: 'https://rs.example.vn/csc/v2', tokenSecretArn: SECRET },
      seal: { kind: 'KMS', keys: [{ keyArn: KEY, certificates: PEM }] },
    });
    const refused = (providers: Record<string, unknown>) => () => read({ [CONTEXT_PROVINCES]: [{ ...DBN, signing: signing(providers) }] });
    expect(refused({ ca: { url: 'https://rs.example.vn/csc/v2', token: 'eyJhbGciOi' } })).toThrow(
      /signing\.providers\.ca\.token: a token is never written in the configuration: store it in a Secrets Manager secret and name that secret in tokenSecretArn/,
    );
    expect(refused({ ca: { url: 'https://rs.example.vn/csc/v2', tokenSecretArn: 'vnpt-token' } })).toThrow(/tokenSecretArn: a Secrets Manager secret ARN/);
    expect(refused({ seal: { kind: 'KMS', keys: [{ keyArn: 'arn:aws:kms:ap-southeast-1:123456789012:alias/seal', certificates: PEM }] } })).toThrow(
      /signing\.providers\.seal\.keys\.0\.keyArn: a KMS key ARN/,
    );
    expect(refused({ seal: { kind: 'KMS', keys: [{ keyArn: KEY, certificates: 'not a certificate' }] } })).toThrow(/keys\.0\.certificates: PEM certificates/);
    expect(refused({ seal: { kind: 'KMS', keys: [] } })).toThrow(/signing\.providers\.seal\.keys/);
    expect(refused({ seal: { kind: 'HSM', url: 'https://hsm.example.vn' } })).toThrow(/signing\.providers\.seal/);
  });
});
