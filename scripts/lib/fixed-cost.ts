/**
 * What a province pays every month before the first dossier moves, read off the synthesized
 * CloudFormation templates: every resource type with a monthly price, at list prices.
 *
 * Alarms are billed per metric they read (a metric-math alarm over five metrics is five alarm
 * metrics); a Metrics Insights alarm is billed per metric its query analyses and is outside the
 * free tier, so it is never cheaper than listing the same metrics. The account's free tier
 * (10 standard alarm metrics, 3 dashboards) is shown apart: it is per account, so it only helps a
 * province that has its account to itself.
 */
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** Monthly list prices, ap-southeast-1, read on the AWS pricing pages on this date. */
export const FIXED_PRICES = {
  region: 'ap-southeast-1',
  asOf: '2026-12-01',
  /** CloudWatch: standard-resolution alarm, per metric it reads. */
  alarmMetric: 0.1,
  /** CloudWatch: high-resolution (10 s) alarm, per metric. */
  highResolutionAlarmMetric: 0.3,
  /** CloudWatch: composite alarm. */
  compositeAlarm: 0.5,
  /** CloudWatch: custom dashboard. */
  dashboard: 3,
  /** KMS: customer-managed key (requests priced apart, a few cents at this volume). */
  kmsKey: 1,
  /** Secrets Manager: one secret. SSM Parameter Store standard parameters (SecureString too) are free. */
  secret: 0.4,
  /** WAF: web ACL, plus each rule. */
  wafWebAcl: 5,
  wafRule: 1,
  /** CloudFront has no monthly fee; requests and transfer are per use. */
  cloudFrontDistribution: 0,
  /** Free tier of every account: standard alarm metrics and dashboards. */
  freeAlarmMetrics: 10,
  freeDashboards: 3,
  /** Cognito, per monthly active user: Plus tier (no free MAUs); Essentials (10,000 free per account). */
  cognitoPlusPerMau: 0.02,
  cognitoEssentialsPerMau: 0.015,
  cognitoEssentialsFreeMaus: 10_000,
  /** Cognito machine-to-machine: per app client issuing client-credentials tokens in the month, and per 1,000 tokens. */
  cognitoM2mClient: 6,
  cognitoM2mPer1000Tokens: 2.25,
  /** AWS Backup warm storage of DynamoDB backups, per GB-month; a cross-region copy is stored twice. */
  backupPerGbMonth: 0.1,
} as const;

type CfnResource = { Type: string; Properties?: Record<string, any> };
export type Templates = Record<string, { Resources?: Record<string, CfnResource> }>;

export interface AlarmFigure {
  stack: string;
  name: string;
  metrics: { namespace: string; metricName: string; dimensions: Record<string, unknown> }[];
  /** Billed alarm metrics (a metric-math alarm: one per metric read). */
  billed: number;
  highResolution: boolean;
  treatMissingData: string;
}

/** The metrics an alarm reads: its single metric, or each metric of its math expression. */
export function alarmMetrics(p: Record<string, any>): AlarmFigure['metrics'] {
  const dims = (list: { Name: string; Value: unknown }[] = []) => Object.fromEntries(list.map((d) => [d.Name, d.Value]));
  if (p.MetricName) return [{ namespace: p.Namespace, metricName: p.MetricName, dimensions: dims(p.Dimensions) }];
  return ((p.Metrics ?? []) as { MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] } } }[])
    .filter((m) => m.MetricStat)
    .map((m) => ({
      namespace: m.MetricStat!.Metric.Namespace,
      metricName: m.MetricStat!.Metric.MetricName,
      dimensions: dims(m.MetricStat!.Metric.Dimensions),
    }));
}

export function alarmsOf(templates: Templates): AlarmFigure[] {
  return Object.entries(templates).flatMap(([stack, t]) =>
    Object.entries(t.Resources ?? {})
      .filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm')
      .map(([id, r]) => {
        const p = r.Properties ?? {};
        const metrics = alarmMetrics(p);
        const periods = [p.Period, ...((p.Metrics ?? []) as { MetricStat?: { Period: number } }[]).map((m) => m.MetricStat?.Period)].filter(
          (x) => typeof x === 'number',
        );
        return {
          stack,
          name: typeof p.AlarmName === 'string' ? p.AlarmName : id,
          metrics,
          billed: Math.max(1, metrics.length),
          highResolution: periods.some((x) => x < 60),
          treatMissingData: p.TreatMissingData ?? 'missing',
        };
      }),
  );
}

const count = (templates: Templates, type: string) =>
  Object.values(templates).reduce((n, t) => n + Object.values(t.Resources ?? {}).filter((r) => r.Type === type).length, 0);

export interface FixedCost {
  prices: typeof FIXED_PRICES;
  alarms: number;
  alarmMetrics: number;
  lines: { item: string; count: number; monthly: number }[];
  /** List price, no free tier: what a province pays in an account it shares. */
  monthly: number;
  /** With the account's free tier, for a province with its own account. */
  monthlyWithFreeTier: number;
  /** Not in the fixed figure: priced per official, per portal, per GB. */
  perUse: { item: string; monthly: number; per: string }[];
}

export function fixedCost(templates: Templates): FixedCost {
  const alarms = alarmsOf(templates);
  const standard = alarms.filter((a) => !a.highResolution).reduce((n, a) => n + a.billed, 0);
  const high = alarms.filter((a) => a.highResolution).reduce((n, a) => n + a.billed, 0);
  const dashboards = count(templates, 'AWS::CloudWatch::Dashboard');
  const webAcls = Object.values(templates).flatMap((t) => Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::WAFv2::WebACL'));
  const wafRules = webAcls.reduce((n, r) => n + ((r.Properties?.Rules as unknown[] | undefined)?.length ?? 0), 0);
  const lines = [
    { item: 'CloudWatch alarm metrics (standard)', count: standard, monthly: standard * FIXED_PRICES.alarmMetric },
    { item: 'CloudWatch alarm metrics (high resolution)', count: high, monthly: high * FIXED_PRICES.highResolutionAlarmMetric },
    {
      item: 'CloudWatch composite alarms',
      count: count(templates, 'AWS::CloudWatch::CompositeAlarm'),
      monthly: count(templates, 'AWS::CloudWatch::CompositeAlarm') * FIXED_PRICES.compositeAlarm,
    },
    { item: 'CloudWatch dashboards', count: dashboards, monthly: dashboards * FIXED_PRICES.dashboard },
    { item: 'KMS customer-managed keys', count: count(templates, 'AWS::KMS::Key'), monthly: count(templates, 'AWS::KMS::Key') * FIXED_PRICES.kmsKey },
    {
      item: 'Secrets Manager secrets',
      count: count(templates, 'AWS::SecretsManager::Secret'),
      monthly: count(templates, 'AWS::SecretsManager::Secret') * FIXED_PRICES.secret,
    },
    { item: 'WAF web ACLs and rules', count: webAcls.length, monthly: webAcls.length * FIXED_PRICES.wafWebAcl + wafRules * FIXED_PRICES.wafRule },
    { item: 'CloudFront distributions', count: count(templates, 'AWS::CloudFront::Distribution'), monthly: 0 },
  ];
  const monthly = lines.reduce((s, l) => s + l.monthly, 0);
  const freeAlarms = Math.min(standard, FIXED_PRICES.freeAlarmMetrics) * FIXED_PRICES.alarmMetric;
  const freeDashboards = Math.min(dashboards, FIXED_PRICES.freeDashboards) * FIXED_PRICES.dashboard;
  const plans = new Set(
    Object.values(templates).flatMap((t) =>
      Object.values(t.Resources ?? {})
        .filter((r) => r.Type === 'AWS::Cognito::UserPool')
        .map((r) => String(r.Properties?.UserPoolTier ?? 'ESSENTIALS')),
    ),
  );
  const m2mClients = Object.values(templates).reduce(
    (n, t) =>
      n +
      Object.values(t.Resources ?? {}).filter(
        (r) => r.Type === 'AWS::Cognito::UserPoolClient' && (r.Properties?.AllowedOAuthFlows ?? []).includes('client_credentials'),
      ).length,
    0,
  );
  const perMau = plans.has('PLUS') ? FIXED_PRICES.cognitoPlusPerMau : FIXED_PRICES.cognitoEssentialsPerMau;
  return {
    prices: FIXED_PRICES,
    alarms: alarms.length,
    alarmMetrics: standard + high,
    lines: lines.filter((l) => l.count > 0),
    monthly,
    monthlyWithFreeTier: monthly - freeAlarms - freeDashboards,
    perUse: [
      {
        item: `Cognito ${plans.has('PLUS') ? 'Plus' : 'Essentials'} tier, 100 officials signing in each month`,
        monthly: plans.has('PLUS') ? 100 * perMau : 0,
        per: plans.has('PLUS') ? `$${perMau}/official/month, no free tier (Essentials: 10,000 free, no threat protection)` : 'within the 10,000 free MAUs',
      },
      {
        item: `Cognito M2M, ${m2mClients} portal client(s) once connected, tokens cached 1 h (720 tokens/month)`,
        monthly: m2mClients * (FIXED_PRICES.cognitoM2mClient + (720 * FIXED_PRICES.cognitoM2mPer1000Tokens) / 1000),
        per: `$${FIXED_PRICES.cognitoM2mClient}/client/month + $${FIXED_PRICES.cognitoM2mPer1000Tokens}/1,000 tokens`,
      },
      {
        item: 'AWS Backup, 1 GB table, copied to a second vault',
        monthly: 2 * FIXED_PRICES.backupPerGbMonth,
        per: `$${FIXED_PRICES.backupPerGbMonth}/GB-month per copy`,
      },
    ],
  };
}

/** The app's templates as `cdk synth` makes them, without bundling the functions. */
export async function synthesizedTemplates(context: Record<string, unknown>): Promise<Templates> {
  const previous = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false';
  try {
    const { defineApp } = await import('../../infra/stacks/province.js');
    const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
    const stacks = defineApp(app).flatMap((p) => p.stacks);
    return Object.fromEntries(stacks.map((s) => [s.stackName, Template.fromStack(s).toJSON() as Templates[string]]));
  } finally {
    if (previous === undefined) delete process.env.CDK_VALIDATION;
    else process.env.CDK_VALIDATION = previous;
  }
}
