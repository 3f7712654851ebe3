/**
 * `npm run users -- <command>`: the officials of a deployed user pool (the stack output
 * UserPoolId), with the caller's AWS credentials (needs cognito-idp:AdminCreateUser,
 * ListUsers, AdminDisableUser on the pool).
 *
 *   add      --pool <id> --username <u> --email <e> --name <full name> --roles RECEPTION[,LEADER…]
 *            --province LCI [--commune H30.01] [--department ECONOMICS] [--region ap-southeast-1]
 *            Creates the official with their claims as custom attributes and a verified e-mail;
 *            Cognito e-mails a temporary password. The claims are checked by the same rules as
 *            the pre-token-generation trigger (shared/identity/claims.ts), so a user the trigger
 *            would refuse is never created.
 *   list     --pool <id> [--region …]         every user with their claims (all pages)
 *   disable  --pool <id> --username <u> [--region …]
 *
 * The region defaults to the pool id's prefix (ap-southeast-1_AbC…). Exit code 0, or 1 with the
 * reasons on stderr.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type AttributeType,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ATTRIBUTES, checkOfficial, claimAttributes, USERNAME } from '../shared/identity/claims.js';

export const USAGE = `usage: npm run users -- <command> [options]

  add      --pool <userPoolId> --username <u> --email <e> --name <full name> --roles <ROLE[,ROLE…]>
           --province <P> [--commune <unit code>] [--department OFFICE|ECONOMICS|CULTURE_SOCIETY] [--region <r>]
  list     --pool <userPoolId> [--region <r>]
  disable  --pool <userPoolId> --username <u> [--region <r>]

Roles: RECEPTION, DEPT_HEAD, SPECIALIST, LEADER, CLERK (commune staff: need --commune;
DEPT_HEAD and SPECIALIST also --department); PROVINCE_ADMIN, PROVINCE_AUDITOR (no --commune).`;

/** Where the runner writes, and how it makes its client (tests pass their own). */
export interface UsersIo {
  out(line: string): void;
  err(line: string): void;
  client?(region: string): CognitoIdentityProviderClient;
}

const consoleIo: UsersIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/** Cognito user pool ids are `<region>_<id>`. */
const POOL_ID = /^([a-z]{2}(?:-[a-z]+)+-\d)_[0-9A-Za-z]+$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class UsageError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const OPTIONS = {
  pool: { type: 'string' },
  username: { type: 'string' },
  email: { type: 'string' },
  name: { type: 'string' },
  roles: { type: 'string' },
  province: { type: 'string' },
  commune: { type: 'string' },
  department: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Options = { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

const ALLOWED: Record<string, (keyof Options)[]> = {
  add: ['pool', 'username', 'email', 'name', 'roles', 'province', 'commune', 'department', 'region'],
  list: ['pool', 'region'],
  disable: ['pool', 'username', 'region'],
};

function poolAndRegion(options: Options, problems: string[]): { pool: string; region: string } {
  const pool = options.pool?.trim() ?? '';
  const match = POOL_ID.exec(pool);
  if (!pool) problems.push('--pool: required (the stack output UserPoolId, e.g. ap-southeast-1_AbC123xyz)');
  else if (!match) problems.push(`--pool: "${pool}" is not a user pool id (<region>_<id>, e.g. ap-southeast-1_AbC123xyz)`);
  const region = options.region?.trim() || match?.[1] || process.env.AWS_REGION || '';
  if (pool && !region) problems.push('--region: required');
  return { pool, region };
}

function requiredUsername(options: Options, problems: string[]): string {
  const username = options.username?.trim() ?? '';
  if (!username) problems.push('--username: required');
  else if (!USERNAME.test(username))
    problems.push(`--username: "${username}" must be 1 to 128 characters without spaces or "@" (officials also sign in with their e-mail)`);
  return username;
}

const attribute = (attributes: AttributeType[] | undefined, name: string) => attributes?.find((a) => a.Name === name)?.Value;

/** Runs one command; returns the exit code. Never calls process.exit, so tests can call it. */
export async function runUsers(argv: readonly string[], io: UsersIo = consoleIo): Promise<number> {
  let command: string | undefined;
  let options: Options;
  try {
    const parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
    options = parsed.values as Options;
    command = parsed.positionals[0];
    if (parsed.positionals.length > 1) throw new UsageError([`unexpected argument "${parsed.positionals[1]}"`]);
  } catch (error) {
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`);
    io.err(USAGE);
    return 1;
  }
  if (options.help || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (!command || !(command in ALLOWED)) {
    io.err(command ? `error: unknown command "${command}"` : 'error: a command is required');
    io.err(USAGE);
    return 1;
  }
  const misplaced = (Object.keys(options) as (keyof Options)[]).filter((k) => k !== 'help' && !ALLOWED[command]!.includes(k));
  if (misplaced.length) {
    io.err(`error: ${command} takes no ${misplaced.map((k) => `--${k}`).join(', ')}`);
    io.err(USAGE);
    return 1;
  }

  try {
    const problems: string[] = [];
    const { pool, region } = poolAndRegion(options, problems);
    const clientFor = () => io.client?.(region) ?? new CognitoIdentityProviderClient({ region });
    switch (command) {
      case 'add': {
        const username = requiredUsername(options, problems);
        const email = options.email?.trim() ?? '';
        if (!email) problems.push('--email: required (Cognito sends the temporary password there)');
        else if (!EMAIL.test(email)) problems.push(`--email: "${email}" is not an e-mail address`);
        if (!options.name?.trim()) problems.push("--name: required (the official's full name, as forms and records print it)");
        if (options.roles === undefined) problems.push('--roles: required (comma-separated, e.g. RECEPTION or DEPT_HEAD,LEADER)');
        const checked = checkOfficial({
          name: options.name,
          roles: options.roles ?? [],
          province: options.province,
          commune: options.commune,
          department: options.department,
        });
        if (!checked.ok) {
          // The claim problems name their option: "province: …" → "--province: …".
          const own = options.roles === undefined ? checked.problems.filter((p) => !p.startsWith('roles: at least one')) : checked.problems;
          problems.push(...own.map((p) => `--${p}`));
        }
        if (problems.length || !checked.ok) throw new UsageError(problems);
        const { claims } = checked;
        const created = await clientFor().send(
          new AdminCreateUserCommand({
            UserPoolId: pool,
            Username: username,
            UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }, ...claimAttributes(claims)],
            // Cognito generates the temporary password and e-mails it (no MessageAction: send).
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        io.out(
          `created ${username} (${created.User?.UserStatus ?? 'FORCE_CHANGE_PASSWORD'}): roles ${claims.roles.join(',')}, province ${claims.province}` +
            (claims.commune ? `, commune ${claims.commune}` : '') +
            (claims.department ? `, department ${claims.department}` : ''),
        );
        io.out(`Cognito e-mailed a temporary password to ${email}; at first sign-in they choose a password and set up an authenticator app (MFA is required).`);
        return 0;
      }
      case 'list': {
        if (problems.length) throw new UsageError(problems);
        const client = clientFor();
        const users: UserType[] = [];
        let token: string | undefined;
        do {
          const page = await client.send(new ListUsersCommand({ UserPoolId: pool, Limit: 60, ...(token ? { PaginationToken: token } : {}) }));
          users.push(...(page.Users ?? []));
          token = page.PaginationToken;
        } while (token);
        const rows = users.map((u) => [
          u.Username ?? '',
          u.Enabled === false ? 'disabled' : 'enabled',
          u.UserStatus ?? '',
          attribute(u.Attributes, ATTRIBUTES.roles) ?? '-',
          attribute(u.Attributes, ATTRIBUTES.province) ?? '-',
          attribute(u.Attributes, ATTRIBUTES.commune) ?? '-',
          attribute(u.Attributes, ATTRIBUTES.department) ?? '-',
          attribute(u.Attributes, 'email') ?? '-',
        ]);
        const header = ['username', 'enabled', 'status', 'roles', 'province', 'commune', 'department', 'email'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        for (const row of [header, ...rows])
          io.out(
            row
              .map((c, i) => c.padEnd(widths[i]!))
              .join('  ')
              .trimEnd(),
          );
        io.out(`${users.length} user${users.length === 1 ? '' : 's'}`);
        return 0;
      }
      case 'disable': {
        const username = requiredUsername(options, problems);
        if (problems.length) throw new UsageError(problems);
        await clientFor().send(new AdminDisableUserCommand({ UserPoolId: pool, Username: username }));
        io.out(
          `disabled ${username}: they can no longer sign in or refresh; an access token already issued is accepted by the API until it expires (at most 1 hour).`,
        );
        return 0;
      }
    }
    return 1;
  } catch (error) {
    if (error instanceof UsageError) {
      for (const problem of error.problems) io.err(`error: ${problem}`);
      return 1;
    }
    const e = error as { name?: string; message?: string };
    const hints: Record<string, string> = {
      UsernameExistsException: `a user named "${options.username}" already exists in this pool`,
      UserNotFoundException: `no user named "${options.username}" in this pool`,
      ResourceNotFoundException: `no user pool ${options.pool} in this account and region`,
      CredentialsProviderError: 'no AWS credentials: set AWS_PROFILE or the AWS_* variables of an identity allowed on the pool',
    };
    io.err(`error: ${(e.name && hints[e.name]) || `${e.name ?? 'Error'}: ${e.message ?? String(error)}`}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runUsers(process.argv.slice(2));
}
