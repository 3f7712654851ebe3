import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLE } from '../../shared/adapters/table.js';
import { defineApp } from '../../infra/stacks/province.js';
import { data, lci, list, type Resource, type Statement, synthesizeProvince } from './province-stacks.js';

import cdkJson from '../../cdk.json' with { type: 'json' };

beforeAll(synthesizeProvince);

describe('the data stack', () => {
  it('declares the table from TABLE: keys, on-demand, PITR, deletion protection, KMS, TTL, retained', () => {
    data.resourceCountIs('AWS::DynamoDB::Table', 1);
    data.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      }),
    });
    expect(lci.data.terminationProtection).toBe(true);
  });

  it('has every index of TABLE, with its keys and projection, and nothing else', () => {
    const table = Object.values(data.findResources('AWS::DynamoDB::Table'))[0] as Resource;
    const gsis = table.Properties.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[];
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(Object.keys(TABLE.indexes).sort());
    for (const [name, index] of Object.entries(TABLE.indexes)) {
      const gsi = gsis.find((g) => g.IndexName === name)!;
      expect(gsi.KeySchema).toEqual([{ AttributeName: index.pk, KeyType: 'HASH' }, ...(index.sk ? [{ AttributeName: index.sk, KeyType: 'RANGE' }] : [])]);
      expect(gsi.Projection).toEqual(
        index.projection.length ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection] } : { ProjectionType: 'KEYS_ONLY' },
      );
    }
    const attributes = (table.Properties.AttributeDefinitions as { AttributeName: string; AttributeType: string }[]).map((a) => a.AttributeType);
    expect(new Set(attributes)).toEqual(new Set(['S']));
  });

  it('encrypts with a customer-managed key that rotates and is retained', () => {
    data.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ EnableKeyRotation: true }) });
  });

  it("keeps the province's files in one bucket: the data key, versioned, never public, TLS only, CORS for the console, stale uploads cleaned, retained", () => {
    const [id, bucket] = Object.entries(data.findResources('AWS::S3::Bucket')).find(([id]) => id.startsWith('FilesBucket')) as [string, Resource];
    expect(bucket.DeletionPolicy).toBe('Retain');
    const p = bucket.Properties;
    const keyId = Object.keys(data.findResources('AWS::KMS::Key'))[0]!;
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const logsId = Object.keys(data.findResources('AWS::S3::Bucket')).find((b) => b.startsWith('AccessLogsBucket'))!;
    expect(p.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'files/' });
    expect(p.NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(p.CorsConfiguration.CorsRules[0]).toMatchObject({
      AllowedMethods: expect.arrayContaining(['PUT', 'GET']),
      AllowedOrigins: cdkJson.context['mot-cua:provinces'][0]!.corsOrigins,
    });
    expect(p.LifecycleConfiguration.Rules).toEqual([
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
    ]);
    const policy = Object.values(data.findResources('AWS::S3::BucketPolicy')).find((r) => JSON.stringify(r.Properties.Bucket) === JSON.stringify({ Ref: id }))!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
  });

  it('writes the province head item (name, office hours from the context) as putProvince stores it', () => {
    const [record] = Object.values(data.findResources('Custom::ProvinceRecord'));
    const create = JSON.stringify(record!.Properties.Create);
    expect(create).toContain('putItem');
    for (const text of ['P#LCI', 'PROVINCE', 'Lai Châu', 'officeHours', '07:00', '17:00']) expect(create).toContain(JSON.stringify(text).slice(1, -1));
    expect(JSON.stringify(record!.Properties.Update)).toBe(create);
    expect(record!.Properties.Delete).toBeUndefined();
    // Its provider is the data stack's only function; its role may only put items, through DynamoDB.
    data.resourceCountIs('AWS::Lambda::Function', 1);
    const actions = Object.values(data.findResources('AWS::IAM::Policy')).flatMap((p) =>
      p.Properties.PolicyDocument.Statement.flatMap((st: Statement) => list(st.Action)),
    );
    expect([...new Set(actions.filter((a: string) => a.startsWith('dynamodb:')))]).toEqual(['dynamodb:PutItem']);
  });

  it('gives every custom resource the rights its call uses in its own policy, so no first deploy races another resource', () => {
    const all = data.toJSON().Resources as Record<string, Resource & { DependsOn?: string[] }>;
    const custom = Object.entries(all).filter(([, r]) => r.Type.startsWith('Custom::Province'));
    expect(custom.length).toBeGreaterThan(5);
    for (const [id, r] of custom) {
      const policies = (r.DependsOn ?? []).map((d) => all[d]!).filter((d) => d.Type === 'AWS::IAM::Policy');
      expect(policies, id).toHaveLength(1);
      const actions = policies[0]!.Properties.PolicyDocument.Statement.flatMap((st: Statement) => list(st.Action));
      expect(actions, id).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'kms:GenerateDataKey', 'kms:Encrypt']));
    }
  });

  it('gives a new province its calendars once, one PutItem per year that keeps a year already there', () => {
    const calendars = Object.values(data.findResources('Custom::ProvinceCalendar'));
    const creates = calendars.map((c) => JSON.stringify(c.Properties.Create));
    for (const year of [2025, 2026, 2027, 2028, 2034])
      expect(
        creates.filter((c) => c.includes(`CALENDAR#${year}`)),
        String(year),
      ).toHaveLength(1);
    expect(creates.some((c) => c.includes('2026-02-17'))).toBe(true);
    for (const [i, c] of calendars.entries()) {
      expect(creates[i]).toContain('putItem');
      expect(creates[i]).toContain('attribute_not_exists(PK)');
      expect(creates[i]).toContain('ConditionalCheckFailedException');
      expect(c.Properties.Update).toBeUndefined();
    }
    data.resourceCountIs('Custom::ProvinceCalendars', 0);
  });
});

describe('backups', () => {
  const vault = 'arn:aws:backup:ap-southeast-2:210987654321:backup-vault:mot-cua-copies';

  it('back the table up daily into a retained vault, kept 35 days by default', () => {
    data.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    data.hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ ScheduleExpression: 'cron(0 18 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } })] },
    });
    const plan = Object.values(data.findResources('AWS::Backup::BackupPlan'))[0]!;
    expect(plan.Properties.BackupPlan.BackupPlanRule[0].CopyActions ?? []).toEqual([]);
    const table = Object.keys(data.findResources('AWS::DynamoDB::Table'))[0]!;
    data.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: Match.objectLike({ Resources: [{ 'Fn::GetAtt': [table, 'Arn'] }] }) });
  });

  it('copy every backup to the configured vault of another region or account', () => {
    const app = new App({
      context: {
        ...cdkJson.context,
        'aws:cdk:bundling-stacks': [],
        'mot-cua:provinces': [{ ...cdkJson.context['mot-cua:provinces'][0], backup: { copyToVaultArn: vault, copyRetentionDays: 90 } }],
      },
    });
    const [p] = defineApp(app);
    Template.fromStack(p!.data).hasResourceProperties('AWS::Backup::BackupPlan', {
      BackupPlan: { BackupPlanRule: [Match.objectLike({ CopyActions: [{ DestinationBackupVaultArn: vault, Lifecycle: { DeleteAfterDays: 90 } }] })] },
    });
  });
});

/** CDK's own handler that copies the console's build into its bucket at deploy time (not one of ours). */
