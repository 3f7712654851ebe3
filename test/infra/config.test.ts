import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../../shared/domain/calendar.js';
import { CONTEXT_PROVINCES, CONTEXT_SELECT, DEMO_PROVINCE_CONFIG, readProvinces } from '../../infra/config.js';
import cdkJson from '../../cdk.json' with { type: 'json' };

const read = (context: Record<string, unknown>) => readProvinces(new App({ context }).node);

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
    const [p] = read({ [CONTEXT_PROVINCES]: [{ code: 'DBN', name: 'Điện Biên', corsOrigins: ['https://dichvucong.dienbien.gov.vn'] }] });
    expect(p).toMatchObject({ region: 'ap-southeast-1', officeHours: DEFAULT_OFFICE_HOURS, throttle: { rateLimit: 50, burstLimit: 100 }, logRetentionDays: 365 });
  });

  it('accepts the provinces as a JSON string (-c on the command line) and selects one', () => {
    const two = JSON.stringify([DEMO_PROVINCE_CONFIG, { ...DEMO_PROVINCE_CONFIG, code: 'DBN', name: 'Điện Biên' }]);
    expect(read({ [CONTEXT_PROVINCES]: two }).map((p) => p.code)).toEqual(['LCI', 'DBN']);
    expect(read({ [CONTEXT_PROVINCES]: two, [CONTEXT_SELECT]: 'DBN' }).map((p) => p.code)).toEqual(['DBN']);
    expect(() => read({ [CONTEXT_PROVINCES]: two, [CONTEXT_SELECT]: 'XYZ' })).toThrow(/not among the configured provinces/);
  });

  it('refuses a bad configuration, naming every problem', () => {
    const bad = [{ code: 'lci', name: '', corsOrigins: ['http://insecure.example'], officeHours: { sessions: [{ start: '17:00', end: '07:00' }], weekdays: [0] } }];
    expect(() => read({ [CONTEXT_PROVINCES]: bad })).toThrow(/mot-cua:provinces\.0\.code[\s\S]*\.name[\s\S]*officeHours[\s\S]*corsOrigins\.0/);
    expect(() => read({ [CONTEXT_PROVINCES]: [DEMO_PROVINCE_CONFIG, DEMO_PROVINCE_CONFIG] })).toThrow(/unique/);
    expect(() => read({ [CONTEXT_PROVINCES]: [{ ...DEMO_PROVINCE_CONFIG, region: 'Singapore' }] })).toThrow(/region/);
  });
});
