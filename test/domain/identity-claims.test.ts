import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_CREDENTIALS, handler, tokenOverrides, type PreTokenGenerationEvent } from '../../functions/identity/pre-token.js';
import { lambdaContext } from '../../infra/local/lambda-context.js';
import { logger } from '../../shared/observability/logger.js';
import {
  ATTRIBUTES,
  checkOfficial,
  claimAttributes,
  InvalidClaims,
  officialClaims,
  parsePortalClients,
  portalClaims,
  splitRoles,
  tokenClaims,
  userClaims,
  type OfficialInput,
} from '../../shared/identity/claims.js';

const attrs = (a: { roles?: string; province?: string; commune?: string; department?: string }) => ({
  sub: '3f6c2a1e-0000-4000-8000-000000000001',
  email: 'hoa.nguyen@example.vn',
  email_verified: 'true',
  ...(a.roles !== undefined ? { [ATTRIBUTES.roles]: a.roles } : {}),
  ...(a.province !== undefined ? { [ATTRIBUTES.province]: a.province } : {}),
  ...(a.commune !== undefined ? { [ATTRIBUTES.commune]: a.commune } : {}),
  ...(a.department !== undefined ? { [ATTRIBUTES.department]: a.department } : {}),
});

/** The problems of an input that must be refused. */
const problemsOf = (input: OfficialInput, provinces?: string[]) => {
  const checked = checkOfficial(input, provinces ? { provinces } : {});
  expect(checked.ok, JSON.stringify(input)).toBe(false);
  return checked.ok ? [] : checked.problems;
};

describe('officials: attributes → claims', () => {
  it.each([
    [
      { roles: 'RECEPTION', commune: 'H30.01' },
      { roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' },
    ],
    [
      { roles: 'DEPT_HEAD', commune: 'H30.01', department: 'ECONOMICS' },
      { roles: ['DEPT_HEAD'], province: 'LCI', commune: 'H30.01', department: 'ECONOMICS' },
    ],
    [
      { roles: 'SPECIALIST', commune: 'H30.01', department: 'CULTURE_SOCIETY' },
      { roles: ['SPECIALIST'], province: 'LCI', commune: 'H30.01', department: 'CULTURE_SOCIETY' },
    ],
    [
      { roles: 'LEADER', commune: 'H30.01' },
      { roles: ['LEADER'], province: 'LCI', commune: 'H30.01' },
    ],
    [
      { roles: 'CLERK', commune: 'H30.01' },
      { roles: ['CLERK'], province: 'LCI', commune: 'H30.01' },
    ],
    [{ roles: 'PROVINCE_ADMIN' }, { roles: ['PROVINCE_ADMIN'], province: 'LCI' }],
    [{ roles: 'PROVINCE_AUDITOR' }, { roles: ['PROVINCE_AUDITOR'], province: 'LCI' }],
    [{ roles: 'PROVINCE_AUDITOR,PROVINCE_ADMIN' }, { roles: ['PROVINCE_ADMIN', 'PROVINCE_AUDITOR'], province: 'LCI' }],
    // Several commune roles, one of them a department's: canonical order, one department.
    [
      { roles: 'LEADER,DEPT_HEAD', commune: 'H30.01', department: 'OFFICE' },
      { roles: ['DEPT_HEAD', 'LEADER'], province: 'LCI', commune: 'H30.01', department: 'OFFICE' },
    ],
    [
      { roles: 'RECEPTION,CLERK,LEADER', commune: 'H30.02' },
      { roles: ['RECEPTION', 'LEADER', 'CLERK'], province: 'LCI', commune: 'H30.02' },
    ],
  ])('%j → %j', (a, claims) => {
    expect(userClaims(attrs({ province: 'LCI', ...a }))).toEqual(claims);
  });

  it('reads the comma-separated attribute leniently: spaces, empty items and duplicates', () => {
    expect(splitRoles(' RECEPTION , CLERK,,RECEPTION ')).toEqual(['RECEPTION', 'CLERK', 'RECEPTION']);
    expect(userClaims(attrs({ roles: ' RECEPTION , CLERK,,RECEPTION ', province: 'LCI', commune: 'H30.01' })).roles).toEqual(['RECEPTION', 'CLERK']);
    // Blank optional attributes count as absent.
    expect(userClaims(attrs({ roles: 'PROVINCE_ADMIN', province: 'LCI', commune: ' ', department: '' }))).toEqual({
      roles: ['PROVINCE_ADMIN'],
      province: 'LCI',
    });
  });

  it('accepts a list as well as the attribute text', () => {
    expect(officialClaims({ roles: ['SPECIALIST'], province: 'LCI', commune: 'H30.01', department: 'OFFICE' })).toEqual({
      roles: ['SPECIALIST'],
      province: 'LCI',
      commune: 'H30.01',
      department: 'OFFICE',
    });
  });

  it('keeps a user of a served province and refuses one of another', () => {
    expect(userClaims(attrs({ roles: 'PROVINCE_ADMIN', province: 'LCI' }), { provinces: ['LCI'] }).province).toBe('LCI');
    expect(problemsOf({ roles: 'PROVINCE_ADMIN', province: 'HGI' }, ['LCI'])).toEqual(['province: HGI is not served by this deployment (LCI)']);
  });
});

describe('officials: wrong attributes are refused', () => {
  it.each<[string, OfficialInput, RegExp]>([
    ['an unknown role', { roles: 'RECEPTION,ADMIN', province: 'LCI', commune: 'H30.01' }, /^roles: unknown role "ADMIN"/],
    ['a lower-case role', { roles: 'reception', province: 'LCI', commune: 'H30.01' }, /^roles: unknown role "reception"/],
    ['no role at all', { roles: ' , ', province: 'LCI', commune: 'H30.01' }, /^roles: at least one role is required$/],
    ['no roles attribute', { roles: undefined, province: 'LCI', commune: 'H30.01' }, /^roles: at least one role is required$/],
    ['PORTAL on a user', { roles: 'PORTAL', province: 'LCI' }, /^roles: PORTAL is the role of portal machine clients/],
    ['DEPT_HEAD without a department', { roles: 'DEPT_HEAD', province: 'LCI', commune: 'H30.01' }, /^department: DEPT_HEAD needs a department/],
    ['SPECIALIST without a department', { roles: 'SPECIALIST', province: 'LCI', commune: 'H30.01' }, /^department: SPECIALIST needs a department/],
    ['an unknown department', { roles: 'SPECIALIST', province: 'LCI', commune: 'H30.01', department: 'FINANCE' }, /^department: unknown department "FINANCE"/],
    [
      'a department without a department role',
      { roles: 'RECEPTION', province: 'LCI', commune: 'H30.01', department: 'OFFICE' },
      /^department: only DEPT_HEAD and SPECIALIST/,
    ],
    ['commune staff without a commune', { roles: 'RECEPTION', province: 'LCI' }, /^commune: RECEPTION is a commune role and needs/],
    ['a leader without a commune', { roles: 'LEADER,CLERK', province: 'LCI' }, /^commune: LEADER, CLERK are commune roles and need/],
    [
      'a province role with a commune',
      { roles: 'PROVINCE_ADMIN', province: 'LCI', commune: 'H30.01' },
      /^commune: PROVINCE_ADMIN is a province role and must have no commune$/,
    ],
    [
      'commune and province roles together',
      { roles: 'RECEPTION,PROVINCE_AUDITOR', province: 'LCI', commune: 'H30.01' },
      /^roles: commune roles \(RECEPTION\) and province roles \(PROVINCE_AUDITOR\)/,
    ],
    ['no province', { roles: 'PROVINCE_ADMIN', province: undefined }, /^province: required/],
    ['a malformed province', { roles: 'PROVINCE_ADMIN', province: 'lai-chau' }, /^province: "lai-chau" is not a province code/],
    ['a malformed commune', { roles: 'CLERK', province: 'LCI', commune: 'H30 01' }, /^commune: "H30 01" is not a unit code/],
  ])('%s', (_, input, problem) => {
    const problems = problemsOf(input);
    expect(
      problems.some((p) => problem.test(p)),
      problems.join(' | '),
    ).toBe(true);
    expect(() => officialClaims(input)).toThrow(InvalidClaims);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ roles: 'DEPT_HEAD,FOO', province: 'x' });
    expect(problems).toHaveLength(4);
    try {
      userClaims(attrs({ roles: 'DEPT_HEAD,FOO', province: 'x' }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidClaims);
      expect((error as InvalidClaims).problems).toEqual(problems);
    }
  });
});

describe('portals: app client → claims', () => {
  const clients = parsePortalClients('{"4p0rta1c1ient1d":"LCI","0therc1ient":"HGI"}');

  it('maps a registered client to role PORTAL in its province, with no commune', () => {
    expect(portalClaims('4p0rta1c1ient1d', clients)).toEqual({ roles: ['PORTAL'], province: 'LCI' });
    expect(portalClaims('0therc1ient', clients)).toEqual({ roles: ['PORTAL'], province: 'HGI' });
  });

  it('refuses an unknown or missing client, and inherited object keys', () => {
    for (const id of ['unknown', '', undefined, 'constructor', '__proto__', 'toString']) {
      expect(() => portalClaims(id, clients), String(id)).toThrow(InvalidClaims);
    }
  });

  it('refuses a missing or malformed PORTAL_CLIENTS as a deployment error', () => {
    for (const text of [undefined, '', 'not json', '[]', '"LCI"', 'null', '{"abc":"lci"}', '{"abc":1}']) {
      expect(() => parsePortalClients(text), String(text)).toThrow(/PORTAL_CLIENTS/);
    }
    expect(parsePortalClients('{}')).toEqual({});
  });
});

describe('claims in a token and in attributes', () => {
  it('puts roles as a JSON array and leaves absent claims out', () => {
    expect(tokenClaims({ roles: ['PROVINCE_ADMIN'], province: 'LCI' })).toEqual({ roles: ['PROVINCE_ADMIN'], province: 'LCI' });
    const full = tokenClaims({ roles: ['DEPT_HEAD', 'LEADER'], province: 'LCI', commune: 'H30.01', department: 'OFFICE' });
    expect(full).toEqual({ roles: ['DEPT_HEAD', 'LEADER'], province: 'LCI', commune: 'H30.01', department: 'OFFICE' });
    expect(Array.isArray(full.roles)).toBe(true);
    expect(Object.values(full)).not.toContain(undefined);
  });

  it('writes attributes that read back to the same claims', () => {
    const claims = officialClaims({ roles: 'LEADER,DEPT_HEAD', province: 'LCI', commune: 'H30.01', department: 'ECONOMICS' });
    const written = Object.fromEntries(claimAttributes(claims).map((a) => [a.Name, a.Value]));
    expect(written).toEqual({ 'custom:province': 'LCI', 'custom:roles': 'DEPT_HEAD,LEADER', 'custom:commune': 'H30.01', 'custom:department': 'ECONOMICS' });
    expect(userClaims(written)).toEqual(claims);
    expect(claimAttributes({ roles: ['PROVINCE_AUDITOR'], province: 'LCI' }).map((a) => a.Name)).toEqual(['custom:province', 'custom:roles']);
  });
});

/** Events as Cognito sends them to a V3_0 trigger. */
const userEvent = (triggerSource: string, attributes: Record<string, string>, version = '3'): PreTokenGenerationEvent => ({
  version,
  triggerSource,
  region: 'ap-southeast-1',
  userPoolId: 'ap-southeast-1_AbC123xyz',
  userName: 'nguyen.van.a',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'communeappclientid' },
  request: { userAttributes: attributes, groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] }, scopes: ['aws.cognito.signin.user.admin'] },
  response: { claimsAndScopeOverrideDetails: null },
});
const clientCredentials = (clientId: string): PreTokenGenerationEvent => ({
  version: '3',
  triggerSource: CLIENT_CREDENTIALS,
  region: 'ap-southeast-1',
  userPoolId: 'ap-southeast-1_AbC123xyz',
  userName: clientId,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
  request: { userAttributes: {}, groupConfiguration: {}, scopes: ['mot-cua/dossiers'] },
  response: { claimsAndScopeOverrideDetails: null },
});

describe('the pre-token-generation trigger', () => {
  const env = { portalClients: '{"portalclientid":"LCI"}', provinces: ['LCI'] };

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it.each([
    'TokenGeneration_Authentication',
    'TokenGeneration_HostedAuth',
    'TokenGeneration_NewPasswordChallenge',
    'TokenGeneration_AuthenticateDevice',
    'TokenGeneration_RefreshTokens',
  ])('puts an official’s claims in the access and the id token (%s)', (source) => {
    const { details } = tokenOverrides(userEvent(source, attrs({ roles: 'SPECIALIST', province: 'LCI', commune: 'H30.01', department: 'ECONOMICS' })), env);
    const claims = { roles: ['SPECIALIST'], province: 'LCI', commune: 'H30.01', department: 'ECONOMICS' };
    expect(details).toEqual({ accessTokenGeneration: { claimsToAddOrOverride: claims }, idTokenGeneration: { claimsToAddOrOverride: claims } });
  });

  it('puts the official’s name (the standard attribute) in the access token, where the API reads it for its records', () => {
    const named = { ...attrs({ roles: 'RECEPTION', province: 'LCI', commune: 'H30.01' }), name: ' Lò Thị Hoa ' };
    const { details } = tokenOverrides(userEvent('TokenGeneration_Authentication', named), env);
    expect(details.accessTokenGeneration?.claimsToAddOrOverride).toEqual({ name: 'Lò Thị Hoa', roles: ['RECEPTION'], province: 'LCI', commune: 'H30.01' });
    const tooLong = { ...named, name: 'Lò'.repeat(51) };
    expect(() => tokenOverrides(userEvent('TokenGeneration_Authentication', tooLong), env)).toThrow(/name: longer than 100 characters/);
  });

  it('gives a portal’s client-credentials token role PORTAL and its province, in the access token only', () => {
    const { details } = tokenOverrides(clientCredentials('portalclientid'), env);
    expect(details).toEqual({ accessTokenGeneration: { claimsToAddOrOverride: { roles: ['PORTAL'], province: 'LCI' } } });
  });

  it('refuses an unknown client, wrong attributes, another province and a V1 configuration', () => {
    expect(() => tokenOverrides(clientCredentials('someotherclient'), env)).toThrow(/someotherclient is not a registered portal client/);
    expect(() => tokenOverrides(clientCredentials('portalclientid'), { provinces: ['LCI'] })).toThrow(/PORTAL_CLIENTS: not set/);
    expect(() => tokenOverrides(userEvent('TokenGeneration_RefreshTokens', attrs({ roles: 'DEPT_HEAD', province: 'LCI', commune: 'H30.01' })), env)).toThrow(
      /DEPT_HEAD needs a department/,
    );
    expect(() => tokenOverrides(userEvent('TokenGeneration_Authentication', attrs({ roles: 'PROVINCE_ADMIN', province: 'HGI' })), env)).toThrow(/not served/);
    expect(() => tokenOverrides(userEvent('TokenGeneration_Authentication', {}), env)).toThrow(InvalidClaims);
    expect(() => tokenOverrides(userEvent('TokenGeneration_Authentication', attrs({ roles: 'PROVINCE_ADMIN', province: 'LCI' }), '1'), env)).toThrow(
      /V2_0 or V3_0/,
    );
  });

  it('handler: answers with the event and its overrides, and logs ids and codes only', async () => {
    vi.stubEnv('PORTAL_CLIENTS', '{"portalclientid":"LCI"}');
    vi.stubEnv('PROVINCES', 'LCI');
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const event = userEvent('TokenGeneration_Authentication', attrs({ roles: 'RECEPTION', province: 'LCI', commune: 'H30.01' }));
    const answer = await handler(event, lambdaContext('pre-token'));
    expect(answer.userPoolId).toBe(event.userPoolId);
    expect(answer.request).toEqual(event.request);
    expect(answer.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({
      roles: ['RECEPTION'],
      province: 'LCI',
      commune: 'H30.01',
    });
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).toContain('3f6c2a1e-0000-4000-8000-000000000001');
    expect(logged).toContain('RECEPTION');
    expect(logged).not.toContain('nguyen.van.a');
    expect(logged).not.toContain('hoa.nguyen@example.vn');

    const portal = await handler(clientCredentials('portalclientid'), lambdaContext('pre-token'));
    expect(portal.response.claimsAndScopeOverrideDetails).toEqual({ accessTokenGeneration: { claimsToAddOrOverride: { roles: ['PORTAL'], province: 'LCI' } } });
  });

  it('handler: throws (Cognito then issues no token) and logs why, without personal data', async () => {
    vi.stubEnv('PORTAL_CLIENTS', '{"portalclientid":"LCI"}');
    vi.stubEnv('PROVINCES', 'LCI');
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    await expect(
      handler(userEvent('TokenGeneration_Authentication', attrs({ roles: 'PROVINCE_ADMIN', province: 'LCI', commune: 'H30.01' })), lambdaContext('pre-token')),
    ).rejects.toThrow(/^token refused: commune: PROVINCE_ADMIN is a province role/);
    await expect(handler(clientCredentials('someotherclient'), lambdaContext('pre-token'))).rejects.toThrow(/^token refused: client: someotherclient/);
    expect(warn).toHaveBeenCalledTimes(2);
    const logged = JSON.stringify(warn.mock.calls);
    expect(logged).toContain('must have no commune');
    expect(logged).not.toContain('nguyen.van.a');
    expect(logged).not.toContain('hoa.nguyen@example.vn');
  });
});
