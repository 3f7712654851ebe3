import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  UsernameExistsException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { runUsers } from '../../scripts/users.js';

/**
 * `npm run users` against a mocked Cognito: what it sends, what it refuses to send, and its
 * exit codes. The runner is called in process with its argv.
 */
const cognito = mockClient(CognitoIdentityProviderClient);
const POOL = 'ap-southeast-1_AbC123xyz';

let out: string[] = [];
let err: string[] = [];
const run = (...argv: string[]) => runUsers(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });

beforeEach(() => {
  cognito.reset();
  out = [];
  err = [];
});

describe('users add', () => {
  it('creates a commune official: AdminCreateUser with the claims as custom attributes and a verified e-mail', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'tiepnhan.h3001', UserStatus: 'FORCE_CHANGE_PASSWORD' } });
    const code = await run(
      'add',
      '--pool',
      POOL,
      '--username',
      'tiepnhan.h3001',
      '--email',
      'tiepnhan@h3001.laichau.gov.vn',
      '--name',
      'Lò Thị Hoa',
      '--roles',
      'RECEPTION',
      '--province',
      'LCI',
      '--commune',
      'H30.01',
    );
    expect(code, err.join('\n')).toBe(0);
    const calls = cognito.commandCalls(AdminCreateUserCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'tiepnhan.h3001',
      UserAttributes: [
        { Name: 'email', Value: 'tiepnhan@h3001.laichau.gov.vn' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'name', Value: 'Lò Thị Hoa' },
        { Name: 'custom:province', Value: 'LCI' },
        { Name: 'custom:roles', Value: 'RECEPTION' },
        { Name: 'custom:commune', Value: 'H30.01' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    // Cognito makes and sends the temporary password: none is chosen here, the invitation is not suppressed.
    expect(calls[0]!.args[0].input).not.toHaveProperty('TemporaryPassword');
    expect(calls[0]!.args[0].input).not.toHaveProperty('MessageAction');
    expect(out.join('\n')).toMatch(/created tiepnhan\.h3001 \(FORCE_CHANGE_PASSWORD\): roles RECEPTION, province LCI, commune H30\.01/);
  });

  it('writes several roles comma-separated in canonical order, with the department', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'truongphong.kt' } });
    const code = await run(
      'add',
      '--pool',
      POOL,
      '--username',
      'truongphong.kt',
      '--email',
      'kt@h3001.laichau.gov.vn',
      '--name',
      'Lò Thị Hoa',
      '--roles',
      'LEADER,DEPT_HEAD',
      '--province',
      'LCI',
      '--commune',
      'H30.01',
      '--department',
      'ECONOMICS',
    );
    expect(code, err.join('\n')).toBe(0);
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:roles', Value: 'DEPT_HEAD,LEADER' },
        { Name: 'custom:department', Value: 'ECONOMICS' },
        { Name: 'custom:commune', Value: 'H30.01' },
      ]),
    );
  });

  it('creates the first province administrator: no commune, no department attribute', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'admin' } });
    expect(
      await run(
        'add',
        '--pool',
        POOL,
        '--username',
        'admin',
        '--email',
        'vanphong@laichau.gov.vn',
        '--name',
        'Lò Thị Hoa',
        '--roles',
        'PROVINCE_ADMIN',
        '--province',
        'LCI',
      ),
    ).toBe(0);
    const names = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input.UserAttributes!.map((a) => a.Name);
    expect(names).toEqual(['email', 'email_verified', 'name', 'custom:province', 'custom:roles']);
  });

  it('talks to the pool’s region (from its id) unless --region says otherwise', async () => {
    cognito.on(AdminCreateUserCommand).resolves({});
    const args = [
      'add',
      '--pool',
      POOL,
      '--username',
      'admin',
      '--email',
      'a@laichau.gov.vn',
      '--name',
      'Lò Thị Hoa',
      '--roles',
      'PROVINCE_ADMIN',
      '--province',
      'LCI',
    ];
    expect(await run(...args)).toBe(0);
    expect(await run(...args, '--region', 'ap-northeast-1')).toBe(0);
    const regions = await Promise.all(cognito.calls().map((c) => (c.thisValue as CognitoIdentityProviderClient).config.region()));
    expect(regions).toEqual(['ap-southeast-1', 'ap-northeast-1']);
  });

  it.each<[string, string[], RegExp]>([
    ['DEPT_HEAD without a department', ['--roles', 'DEPT_HEAD', '--province', 'LCI', '--commune', 'H30.01'], /--department: DEPT_HEAD needs a department/],
    [
      'SPECIALIST with an unknown department',
      ['--roles', 'SPECIALIST', '--province', 'LCI', '--commune', 'H30.01', '--department', 'FINANCE'],
      /--department: unknown department "FINANCE"/,
    ],
    [
      'a department on a receptionist',
      ['--roles', 'RECEPTION', '--province', 'LCI', '--commune', 'H30.01', '--department', 'OFFICE'],
      /--department: only DEPT_HEAD and SPECIALIST/,
    ],
    ['commune staff without a commune', ['--roles', 'CLERK', '--province', 'LCI'], /--commune: CLERK is a commune role and needs/],
    [
      'a province role with a commune',
      ['--roles', 'PROVINCE_AUDITOR', '--province', 'LCI', '--commune', 'H30.01'],
      /--commune: PROVINCE_AUDITOR is a province role and must have no commune/,
    ],
    [
      'commune and province roles mixed',
      ['--roles', 'LEADER,PROVINCE_ADMIN', '--province', 'LCI', '--commune', 'H30.01'],
      /--roles: commune roles \(LEADER\) and province roles \(PROVINCE_ADMIN\)/,
    ],
    ['an unknown role', ['--roles', 'RECEPTION,SUPERUSER', '--province', 'LCI', '--commune', 'H30.01'], /--roles: unknown role "SUPERUSER"/],
    ['the machine role PORTAL', ['--roles', 'PORTAL', '--province', 'LCI'], /--roles: PORTAL is the role of portal machine clients/],
    ['no roles', ['--province', 'LCI'], /--roles: required/],
    ['a malformed province', ['--roles', 'PROVINCE_ADMIN', '--province', 'lci'], /--province: "lci" is not a province code/],
  ])('refuses %s: sends nothing, says why, exits 1', async (_, claimArgs, problem) => {
    const code = await run('add', '--pool', POOL, '--username', 'someone', '--email', 'someone@laichau.gov.vn', '--name', 'Lò Thị Hoa', ...claimArgs);
    expect(code).toBe(1);
    expect(cognito.calls()).toHaveLength(0);
    expect(err.join('\n')).toMatch(problem);
  });

  it.each<[string, string[], RegExp]>([
    ['no pool', ['add', '--username', 'a', '--email', 'a@b.vn', '--name', 'Lò Thị Hoa', '--roles', 'PROVINCE_ADMIN', '--province', 'LCI'], /--pool: required/],
    [
      'a malformed pool id',
      ['add', '--pool', 'officials', '--username', 'a', '--email', 'a@b.vn', '--name', 'Lò Thị Hoa', '--roles', 'PROVINCE_ADMIN', '--province', 'LCI'],
      /--pool: "officials" is not a user pool id/,
    ],
    ['no name', ['add', '--pool', POOL, '--username', 'a', '--email', 'a@b.vn', '--roles', 'PROVINCE_ADMIN', '--province', 'LCI'], /--name: required/],
    ['no e-mail', ['add', '--pool', POOL, '--username', 'a', '--roles', 'PROVINCE_ADMIN', '--province', 'LCI'], /--email: required/],
    [
      'an e-mail as username',
      ['add', '--pool', POOL, '--username', 'a@b.vn', '--email', 'a@b.vn', '--name', 'Lò Thị Hoa', '--roles', 'PROVINCE_ADMIN', '--province', 'LCI'],
      /--username: "a@b\.vn" must be/,
    ],
    ['an unknown option', ['add', '--pool', POOL, '--group', 'x'], /Unknown option '--group'/],
    ['an option of another command', ['list', '--pool', POOL, '--username', 'a'], /list takes no --username/],
    ['an unknown command', ['remove', '--pool', POOL], /unknown command "remove"/],
    ['no command', [], /a command is required/],
  ])('refuses %s with exit code 1 and no call', async (_, argv, problem) => {
    expect(await run(...argv)).toBe(1);
    expect(cognito.calls()).toHaveLength(0);
    expect(err.join('\n')).toMatch(problem);
  });

  it('reports a username that exists, exit code 1', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));
    expect(
      await run(
        'add',
        '--pool',
        POOL,
        '--username',
        'admin',
        '--email',
        'a@laichau.gov.vn',
        '--name',
        'Lò Thị Hoa',
        '--roles',
        'PROVINCE_ADMIN',
        '--province',
        'LCI',
      ),
    ).toBe(1);
    expect(err.join('\n')).toContain('a user named "admin" already exists in this pool');
  });

  it('prints the usage on --help, exit code 0', async () => {
    expect(await run('--help')).toBe(0);
    expect(out.join('\n')).toMatch(/^usage: npm run users -- <command>/);
  });
});

describe('users list', () => {
  const user = (name: string, attributes: Record<string, string>, enabled = true) => ({
    Username: name,
    Enabled: enabled,
    UserStatus: 'CONFIRMED' as const,
    Attributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  });

  it('reads every page of ListUsers and prints each user with their claims', async () => {
    cognito
      .on(ListUsersCommand, { UserPoolId: POOL })
      .resolvesOnce({
        Users: [
          user('admin', { email: 'vp@laichau.gov.vn', 'custom:roles': 'PROVINCE_ADMIN', 'custom:province': 'LCI' }),
          user('tiepnhan.h3001', { 'custom:roles': 'RECEPTION', 'custom:province': 'LCI', 'custom:commune': 'H30.01' }),
        ],
        PaginationToken: 'page-2',
      })
      .resolvesOnce({
        Users: [
          user(
            'chuyenvien.kt',
            { 'custom:roles': 'SPECIALIST', 'custom:province': 'LCI', 'custom:commune': 'H30.01', 'custom:department': 'ECONOMICS' },
            false,
          ),
        ],
      });
    expect(await run('list', '--pool', POOL), err.join('\n')).toBe(0);
    const inputs = cognito.commandCalls(ListUsersCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { UserPoolId: POOL, Limit: 60 },
      { UserPoolId: POOL, Limit: 60, PaginationToken: 'page-2' },
    ]);
    const text = out.join('\n');
    expect(out[0]).toMatch(/^username\s+enabled\s+status\s+roles\s+province\s+commune\s+department\s+email$/);
    expect(text).toMatch(/admin\s+enabled\s+CONFIRMED\s+PROVINCE_ADMIN\s+LCI\s+-\s+-\s+vp@laichau\.gov\.vn/);
    expect(text).toMatch(/chuyenvien\.kt\s+disabled\s+CONFIRMED\s+SPECIALIST\s+LCI\s+H30\.01\s+ECONOMICS/);
    expect(out.at(-1)).toBe('3 users');
  });

  it('prints an empty pool', async () => {
    cognito.on(ListUsersCommand).resolves({ Users: [] });
    expect(await run('list', '--pool', POOL)).toBe(0);
    expect(out.at(-1)).toBe('0 users');
    expect(cognito.commandCalls(ListUsersCommand)).toHaveLength(1);
  });
});

describe('users disable', () => {
  it('sends AdminDisableUser for the user', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    expect(await run('disable', '--pool', POOL, '--username', 'tiepnhan.h3001')).toBe(0);
    expect(cognito.commandCalls(AdminDisableUserCommand).map((c) => c.args[0].input)).toEqual([{ UserPoolId: POOL, Username: 'tiepnhan.h3001' }]);
    expect(out.join('\n')).toMatch(/^disabled tiepnhan\.h3001/);
  });

  it('needs a username, and reports an unknown one with exit code 1', async () => {
    expect(await run('disable', '--pool', POOL)).toBe(1);
    expect(cognito.calls()).toHaveLength(0);
    expect(err.join('\n')).toMatch(/--username: required/);
    cognito.on(AdminDisableUserCommand).rejects(new UserNotFoundException({ message: 'User does not exist.', $metadata: {} }));
    expect(await run('disable', '--pool', POOL, '--username', 'nobody')).toBe(1);
    expect(err.join('\n')).toContain('no user named "nobody" in this pool');
  });
});
