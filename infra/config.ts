import type { Node } from 'constructs';
import { z } from 'zod';
import { DEFAULT_OFFICE_HOURS } from '../shared/domain/calendar.js';
import { HTTP_ROUTES } from '../shared/http/routes.js';

const PUBLIC_ROUTE_COUNT = HTTP_ROUTES.filter((r) => r.public).length;

/**
 * The deployment's configuration, one entry per province, read from CDK context:
 *
 *   cdk.json  "context": { "mot-cua:provinces": [{ "code": "LCI", "name": "Lai Châu", ... }] }
 *   CLI       npx cdk synth -c mot-cua:province=LCI        (only that province's stacks)
 *
 * Every province is its own pair of stacks (data + service) in its own region/account, so a
 * province can be deployed, paused or removed without touching another.
 */
export const CONTEXT_PROVINCES = 'mot-cua:provinces';
export const CONTEXT_SELECT = 'mot-cua:province';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:mm');

const officeHours = z
  .object({
    sessions: z.array(z.object({ start: hhmm, end: hhmm })).min(1),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1),
  })
  .refine((h) => h.sessions.every((s) => s.end > s.start), 'every session must end after it starts');

const httpsOrigin = z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d+)?$/, 'an https origin without path, e.g. https://dichvucong.laichau.gov.vn');

const secretArn = z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$/, 'a Secrets Manager secret ARN');
const pemCertificates = z.string().includes('-----BEGIN CERTIFICATE-----', { message: 'PEM certificates' });

/** A CSC remote-signing service: its base URL, and the secret of the bearer token it asks of the product (never the token). */
const cscSigningProvider = z.object({
  kind: z.literal('CSC'),
  url: z.string().regex(/^https:\/\/\S+$/, 'an https URL'),
  tokenSecretArn: secretArn.optional(),
  token: z
    .never({ error: 'a token is never written in the configuration: store it in a Secrets Manager secret and name that secret in tokenSecretArn' })
    .optional(),
});

/** AWS KMS asymmetric keys (SIGN_VERIFY) a CA certified: each key's ARN, and its certificate then the rest of its chain (PEM). */
const kmsSigningProvider = z.object({
  kind: z.literal('KMS'),
  keys: z
    .array(
      z.object({
        keyArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
            'a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id> (an alias cannot be granted)',
          ),
        certificates: pemCertificates,
      }),
    )
    .min(1),
});

/** A signing provider of the province: CSC unless it says `kind: "KMS"`. */
const signingProvider = z.preprocess(
  (entry) => (entry && typeof entry === 'object' && !('kind' in entry) ? { kind: 'CSC', ...entry } : entry),
  z.discriminatedUnion('kind', [cscSigningProvider, kmsSigningProvider]),
);

export type SigningProviderConfig = z.output<typeof signingProvider>;

export const provinceSchema = z
  .object({
    /** Province code, as in tokens (claim `province`) and keys (`P#<code>`). */
    code: z.string().regex(/^[A-Z]{2,4}$/, 'two to four capital letters'),
    name: z.string().min(1),
    /** Target account; env-agnostic stacks when absent (CDK_DEFAULT_ACCOUNT is used if set). */
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/)
      .default('ap-southeast-1'),
    officeHours: officeHours.default(DEFAULT_OFFICE_HOURS),
    /** Origins of the portals and the commune web app allowed by CORS. */
    corsOrigins: z.array(httpsOrigin).min(1),
    /**
     * Cognito hosted domain prefix (the portals' token endpoint `https://<prefix>.auth.<region>.amazoncognito.com`):
     * unique among all AWS customers of the region, so it is chosen by the operator, never defaulted.
     */
    authDomainPrefix: z
      .string({
        error: (i) =>
          i.input === undefined
            ? 'required: set authDomainPrefix to a prefix of your own, e.g. "motcua-laichau" (the token endpoint of the portals; unique in the region among all AWS customers)'
            : undefined,
      })
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and hyphens, 1–63 characters, no hyphen at either end')
      .refine((p) => !/aws|amazon|cognito/.test(p), 'Cognito refuses a domain prefix containing "aws", "amazon" or "cognito": choose another'),
    /** Where alarms go: e-mail addresses subscribed to the province's alarm topic (each confirms once). */
    alarmEmails: z.array(z.email()).default([]),
    /** And/or existing SNS topics (a chat or paging integration: AWS Chatbot, PagerDuty…) every alarm also notifies. */
    alarmTopicArns: z.array(z.string().regex(/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/, 'an SNS topic ARN')).default([]),
    /**
     * Officials' e-mail (invitations, password resets) through Amazon SES from the province's own
     * domain, with DKIM: Cognito's built-in sender allows 50 messages a day. Deploy once with
     * `verified: false` to get the domain identity and its DKIM records (stack outputs), publish
     * them in DNS, have SES production access granted, then set `verified: true`.
     */
    email: z
      .object({
        from: z.email(),
        fromName: z.string().min(1).default('Một Cửa'),
        replyTo: z.email().optional(),
        verified: z.boolean().default(false),
      })
      .optional(),
    /**
     * Citizens' messages on their dossier's events: SMS through AWS End User Messaging SMS from
     * `smsOriginationArn` (a registered sender ID or number), Zalo ZNS with the OA token kept in
     * the secret `zaloTokenSecretArn` and a template id per event type; e-mail goes out from
     * `email.from`. A channel left unconfigured has no permission, and its messages end in the DLQ.
     */
    notifications: z
      .object({
        smsOriginationArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:[a-z-]+\/\S+$/, 'an End User Messaging SMS origination ARN')
          .optional(),
        zaloTokenSecretArn: secretArn.optional(),
        zaloTemplates: z.record(z.string(), z.string()).default({}),
      })
      .default({ zaloTemplates: {} }),
    /** Office e-mail addresses that get the province's morning SLA roll-up (each commune's own list is kept through the admin API). */
    reportRecipients: z.array(z.email()).max(20).default([]),
    /**
     * Where officials open the staff console and citizens their page (/tra-cuu/), when not at its own
     * distribution: the digest's links, the receipts' QR codes and the citizens' messages point there.
     */
    consoleUrl: httpsOrigin.optional(),
    /**
     * The province's integration adapter to the National Public Service Portal (Cổng Dịch vụ công
     * quốc gia): its session and integration URLs, the unit code the portal knows the province by
     * (madonvi), and the Secrets Manager secret of the adapter account, JSON
     * `{ "username": …, "password": … }` (created and rotated by the operator). Unset, nothing can
     * be sent: every dossier shows FAILED, and after an hour is in the SLA report and alarmed.
     */
    nationalPortal: z
      .object({
        authUrl: z.string().regex(/^https:\/\/\S+$/, 'an https URL'),
        integrationUrl: z.string().regex(/^https:\/\/\S+$/, 'an https URL'),
        unitCode: z.string().regex(/^[A-Za-z0-9.]{1,32}$/, 'the unit code of the province with the national portal, e.g. H30'),
        credentialsSecretArn: secretArn,
      })
      .optional(),
    /**
     * Signed electronic results (ký số): the providers the province's signer registrations name
     * (by name), its RFC 3161 timestamp authority, and the root certificates (PEM) of the licensed
     * CAs a signer's chain must end at. A provider is a CSC remote-signing service (`kind: "CSC"`,
     * the default: its base URL, and the Secrets Manager secret holding the bearer token of the
     * product's client there when it asks for one), or AWS KMS asymmetric keys (`kind: "KMS"`: each
     * key's ARN and the certificate a CA issued for it, then its chain, PEM). Unset, no result can
     * be signed: approving with `sign: true` and registering a signer are refused.
     */
    signing: z
      .object({
        providers: z.record(z.string().regex(/^[a-z0-9-]{1,32}$/), signingProvider),
        tsaUrl: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL'),
        trustAnchors: pemCertificates,
      })
      .optional(),
    /**
     * The province's online payment adapter: the national Payment Platform of the DVCQG (or the
     * province's own gateway), its API URL, the partner code it knows the province by (MaDoiTac)
     * and the Secrets Manager secret holding the shared MaXacThuc key as plain text (created and
     * rotated by the operator; read within five minutes of a rotation). Unset, online payment is
     * answered 502 and the desk collects as before.
     */
    paymentPlatform: z
      .object({
        url: z.string().regex(/^https:\/\/\S+$/, 'an https URL'),
        partner: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'the partner code (MaDoiTac)'),
        secretArn,
        channel: z.enum(['NATIONAL_PLATFORM', 'PROVINCE_GATEWAY']).default('NATIONAL_PLATFORM'),
      })
      .optional(),
    /** A CloudWatch dashboard ($3 a month beyond the account's three free ones). */
    dashboard: z.boolean().default(false),
    /**
     * AWS Backup of the table: daily, kept `retentionDays`, and copied to a vault in another
     * region or account (`copyToVaultArn`) so that neither a bad day in this region nor a lost
     * account takes the backups with it.
     */
    backup: z
      .object({
        retentionDays: z.number().int().min(7).max(3650).default(35),
        copyToVaultArn: z
          .string()
          .regex(
            /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_.-]{2,50}$/,
            'a backup vault ARN, arn:aws:backup:<region>:<account>:backup-vault:<name>',
          )
          .optional(),
        copyRetentionDays: z.number().int().min(7).max(3650).default(35),
      })
      .prefault({}),
    /** Stage throttling of the HTTP API: every route's limit unless it has its own (requests/s, burst). */
    throttle: z.object({ rateLimit: z.number().int().positive(), burstLimit: z.number().int().positive() }).default({ rateLimit: 50, burstLimit: 100 }),
    /**
     * Each public route's own limit (catalogue, lookup, rating, online payment, the payment
     * platform's callback, contract): together they stay below the stage's, so anonymous traffic
     * cannot take the desks' share.
     */
    publicThrottle: z.object({ rateLimit: z.number().int().positive(), burstLimit: z.number().int().positive() }).default({ rateLimit: 4, burstLimit: 10 }),
    /**
     * Concurrent executions reserved for (and capping) each public route's function, so that a
     * flood of lookups cannot use the account's concurrency the officials' routes need. Unset: no
     * reservation — a new account's concurrency quota (often 10) leaves nothing to reserve; raise
     * it first (docs/operations.md).
     */
    publicConcurrency: z.number().int().min(1).max(100).optional(),
    /**
     * A CloudFront distribution in front of the API with an AWS WAF web ACL (HTTP APIs cannot take
     * a web ACL themselves): a rate-based rule refuses (429) a client address that sends more than
     * `lookupsPerIp` requests to the public lookup routes in five minutes. The web ACL lives in
     * us-east-1, as CloudFront requires. About $6 a month plus $0.60 per million requests.
     */
    waf: z.object({ lookupsPerIp: z.number().int().min(100).max(2_000_000_000).default(300) }).optional(),
    /**
     * The staff console on AWS: a private S3 bucket behind a CloudFront distribution that also
     * routes /v1/* and /openapi.json to the API (one origin), and the console's Cognito app client.
     * With `waf`, this distribution carries the web ACL. No monthly fee (requests and transfer only).
     */
    console: z.boolean().default(true),
    /**
     * S3 server access logs of the files bucket and CloudFront's access logs of the console's
     * distribution, into a logs bucket beside each, kept `logRetentionDays`. A commune's
     * traffic makes a few MB of logs a month: about $0.05 a month of storage and log-delivery
     * writes for a province (docs/operations.md). Off, the two Control Tower rules that ask for
     * them are left out of the synth's checks (infra/guard.ts).
     */
    accessLogs: z.boolean().default(true),
    /** Days the function and access logs are kept. */
    logRetentionDays: z.union([z.literal(30), z.literal(90), z.literal(180), z.literal(365), z.literal(731), z.literal(1827)]).default(365),
  })
  .refine(
    (p) => PUBLIC_ROUTE_COUNT * p.publicThrottle.rateLimit < p.throttle.rateLimit && PUBLIC_ROUTE_COUNT * p.publicThrottle.burstLimit <= p.throttle.burstLimit,
    {
      path: ['publicThrottle'],
      message: `the ${PUBLIC_ROUTE_COUNT} public routes together (${PUBLIC_ROUTE_COUNT} × publicThrottle) must stay below the stage's throttle, so the officials keep headroom: lower publicThrottle or raise throttle`,
    },
  )
  .refine((p) => (p.alarmEmails?.length ?? 0) + (p.alarmTopicArns?.length ?? 0) > 0, {
    path: ['alarmEmails'],
    // Said along with the other problems, unless the destinations themselves are malformed.
    when: (payload) => payload.issues.every((i) => i.path?.[0] !== 'alarmEmails' && i.path?.[0] !== 'alarmTopicArns'),
    message:
      'no alarm destination: set alarmEmails (e.g. ["ops@example.gov.vn"]) and/or alarmTopicArns (the SNS topic of a chat or paging integration), or an outage wakes nobody',
  });

export type ProvinceConfig = z.output<typeof provinceSchema>;

/** The demo province, so `npx cdk synth` works with no context at all. */
export const DEMO_PROVINCE_CONFIG: z.input<typeof provinceSchema> = {
  code: 'LCI',
  name: 'Lai Châu',
  region: 'ap-southeast-1',
  officeHours: DEFAULT_OFFICE_HOURS,
  corsOrigins: ['https://dichvucong.laichau.gov.vn', 'https://motcua.laichau.gov.vn'],
  authDomainPrefix: 'motcua-laichau',
  alarmEmails: ['operator@example.com'],
};

const provincesSchema = z
  .array(provinceSchema)
  .min(1)
  .refine((list) => new Set(list.map((p) => p.code)).size === list.length, 'province codes must be unique')
  // Lambda's errors and throttles are alarmed account-wide (infra/stacks/monitoring.ts); Cognito
  // domain prefixes are unique per region.
  .refine(
    (list) => new Set(list.filter((p) => p.account).map((p) => `${p.account}/${p.region}`)).size === list.filter((p) => p.account).length,
    'two provinces share an account and region: give each province an account of its own (its alarms watch every function of its account and region)',
  )
  .refine(
    (list) => new Set(list.map((p) => `${p.region}/${p.authDomainPrefix}`)).size === list.length,
    'two provinces have the same authDomainPrefix in one region: give each its own',
  );

/** Reads and validates the provinces to synthesize; a bad context fails synth with every problem listed. */
export function readProvinces(node: Node): ProvinceConfig[] {
  let raw: unknown = node.tryGetContext(CONTEXT_PROVINCES) ?? [DEMO_PROVINCE_CONFIG];
  // `-c mot-cua:provinces='[...]'` arrives as a string.
  if (typeof raw === 'string') raw = JSON.parse(raw);
  const parsed = provincesSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${[CONTEXT_PROVINCES, ...i.path.map(String)].join('.')}: ${i.message}`);
    throw new Error(`invalid CDK context:\n${problems.join('\n')}`);
  }
  const selected: unknown = node.tryGetContext(CONTEXT_SELECT);
  if (selected === undefined) return parsed.data;
  const one = parsed.data.filter((p) => p.code === selected);
  if (one.length === 0) throw new Error(`${CONTEXT_SELECT}=${String(selected)} is not among the configured provinces`);
  return one;
}
