import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { defineApp } from '../../infra/stacks/province.js';

/**
 * cdk-nag 3 is a CDK policy-validation plugin: what cdk-nag 2 reported as AwsSolutions-*
 * error/warning annotations it reports as violations of severity 'error' / 'warning', and
 * `Validations.of(x).acknowledge({ id, reason })` replaces NagSuppressions.
 */
const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
const provinces = defineApp(app);
const pack = new AwsSolutionsChecks(app, { verbose: true });
Validations.of(app).addPlugins(pack);

/** The acknowledgments recorded anywhere in the app: construct path, rule id, written reason. */
function acknowledgments(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id: id.replace(/^annotation::/i, ''), reason })),
        ),
    );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error and no unacknowledged warning', () => {
    const report = pack.validateScope(app);
    const readable = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(readable).toEqual([]);
    expect(report.violations.filter((v) => v.severity === 'error')).toHaveLength(0);
    expect(report.violations.filter((v) => v.severity === 'warning')).toHaveLength(0);
    expect(report.success).toBe(true);
  });

  it('would catch a violation (the pack is really checking)', async () => {
    const { Stack } = await import('aws-cdk-lib');
    const sqs = await import('aws-cdk-lib/aws-sqs');
    const probe = new App();
    new sqs.Queue(new Stack(probe, 'Probe'), 'Plain', { enforceSSL: false });
    const names = new AwsSolutionsChecks(probe).validateScope(probe).violations.map((v) => v.ruleName);
    expect(names).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });

  it('acknowledges only known rules, each with a specific written reason', () => {
    const acks = acknowledgments(app);
    expect(acks.length).toBeGreaterThan(0);
    // A new acknowledgment is a decision: add it here with its reason in the code.
    expect([...new Set(acks.map((a) => a.id.split('[')[0]))].sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-SQS3',
    ]);
    /** CDK's handler that copies the console's build into its bucket at deploy time. */
    const copier = (a: { path: string }) => a.path.split('/')[1]!.startsWith('Custom::CDKBucketDeployment');
    // Managed policies only for the role AWS Backup assumes (its two service-role policies) and CDK's copier of the console (basic execution).
    expect(
      acks
        .filter((a) => a.id.startsWith('AwsSolutions-IAM4') && !copier(a))
        .map((a) => `${a.path} ${a.id}`)
        .sort(),
    ).toEqual(
      ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'].map(
        (p) => `MotCua-LCI-Data/Backups/Table AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${p}]`,
      ),
    );
    expect(acks.filter((a) => a.id.startsWith('AwsSolutions-IAM4') && copier(a)).map((a) => a.id)).toEqual([
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    ]);
    // The one runtime excused (L1) is CDK's copier's; every function of ours runs the newest Node.js.
    expect(acks.filter((a) => a.id === 'AwsSolutions-L1').every(copier)).toBe(true);
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThanOrEqual(80);
    }
    // Only the public routes of the contract go without a token.
    expect(
      acks
        .filter((a) => a.id === 'AwsSolutions-APIG4')
        .map((a) => a.path.split('/').slice(-1)[0])
        .sort(),
    ).toEqual([
      'lookup-get',
      'lookup-payment-online',
      'lookup-post',
      'lookup-rating',
      'lookup-result',
      'lookup-result-post',
      'openapi',
      'payments-callback',
      'procedures-commune-list',
      'procedures-list',
    ]);
    // The bucket's object wildcard only on the roles of the functions that sign URLs, check files, or sign results.
    expect(
      acks
        .filter((a) => a.id.startsWith('AwsSolutions-IAM5') && !copier(a))
        .map((a) => `${a.path.split('/')[1]} ${a.id}`)
        .sort(),
    ).toEqual(
      [
        'attachments-complete',
        'attachments-create',
        'attachments-get',
        'attachments-signatures',
        'dossiers-approve',
        'dossiers-batch',
        'dossiers-issue',
        'lookup-result',
        'lookup-result-post',
        'signing-sessions',
      ].map((f) => `${f} AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::mot-cua-lci-files-<AWS::AccountId>-<AWS::Region>/*]`),
    );
  });
});

describe('synthesis', () => {
  let report: { pluginReports?: { pluginName?: string; summary?: { status?: string }; violations?: unknown[] }[] } | undefined;
  let directory = '';

  beforeAll(() => {
    // Full synth: cdk-nag and CloudFormation's own schema validation of every resource.
    directory = app.synth().directory;
    const file = join(directory, 'validation-report.json');
    report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  }, 180_000);

  it('leaves no warning or error annotation on any stack (deprecations, default access, reference strength)', () => {
    for (const { data, service } of provinces) {
      for (const stack of [data, service]) {
        const found = [...Annotations.fromStack(stack).findWarning('*', Match.anyValue()), ...Annotations.fromStack(stack).findError('*', Match.anyValue())];
        expect(
          found.map((a) => `${a.id}: ${String(a.entry.data).slice(0, 160)}`),
          stack.stackName,
        ).toEqual([]);
      }
    }
  });

  it('passes every validation plugin (cdk-nag, CloudFormation schemas) with no violation at all', () => {
    expect(report, `no validation-report.json in ${directory}`).toBeDefined();
    const violations = (report?.pluginReports ?? []).flatMap((p) => (p.violations ?? []).map((v) => ({ plugin: p.pluginName, v })));
    expect(violations).toEqual([]);
  });
});
