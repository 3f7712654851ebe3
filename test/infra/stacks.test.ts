import { App, Stack, type CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { QUEUE_URL_ENV, WEBHOOKS_QUEUE_URL_ENV } from '../../shared/adapters/queue.js';
import { TABLE, WEBHOOK_LEADING_KEYS } from '../../shared/adapters/table.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS, SCHEDULES, STREAM_CONSUMERS } from '../../infra/workers.js';
import { EVENT_FILTERS, EVENT_MAX_RECEIVE_COUNT, MAX_RECEIVE_COUNT, QUEUE_NAMES, STREAM_FILTER, type Destination } from '../../infra/queues.js';
import { ACCESS } from '../../infra/stacks/access.js';
import { PORTAL_ROUTES, PORTAL_SCOPE, STAFF_SCOPE } from '../../infra/scopes.js';
import { defineApp, type ProvinceStacks } from '../../infra/stacks/province.js';
import { PRE_TOKEN_FUNCTION } from '../../infra/stacks/identity.js';
import { ASYNC_RETRIES, VISIBILITY_FACTOR } from '../../infra/stacks/service-stack.js';
import { parsePortalClients } from '../../shared/identity/claims.js';

// CloudFormation's schema validation of the templates runs once, in nag.test.ts.
process.env.CDK_VALIDATION = 'false';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

/** The handlers of the route table (routes, consumers, schedules): each reads the table. */
const HANDLERS = [
  ...HTTP_ROUTES.map((r) => r.name),
  ...QUEUE_CONSUMERS.map((c) => c.name),
  ...STREAM_CONSUMERS.map((c) => c.name),
  ...EVENT_CONSUMERS.map((c) => c.name),
  ...SCHEDULES.map((s) => s.name),
];
/** Functions outside the route table: the user pool's pre-token-generation trigger. */
const TRIGGERS = [PRE_TOKEN_FUNCTION];
const ALL_FUNCTIONS = [...HANDLERS, ...TRIGGERS];
const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);
const STREAM_ACTIONS = ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'];

let lci: ProvinceStacks;
let service: Template;
let data: Template;
let identity: Template;
/** The service and identity stacks' resources (their logical ids do not collide). */
let resources: Record<string, Resource>;

const logicalId = (construct: IConstruct) => Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnResource);
const functionOf = (name: string) => (name === PRE_TOKEN_FUNCTION ? lci.identity.preToken : lci.service.functions.get(name)!);
const fnId = (name: string) => logicalId(functionOf(name).fn);
const roleId = (name: string) => logicalId(functionOf(name).role);
const queueId = (d: Destination) => logicalId(lci.service.messaging.queues[d]);
const dlqId = (d: Destination) => logicalId(lci.service.messaging.pairs[d].dlq);

/** Every Allow statement attached to a role, from its inline policies and the AWS::IAM::Policy resources naming it. */
function statementsOf(role: string): Statement[] {
  const inline = ((resources[role]?.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
  const attached = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.Roles as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify({ Ref: role })))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
  return [...inline, ...attached].filter((s) => s.Effect === 'Allow');
}
const actionsOf = (role: string) => new Set(statementsOf(role).flatMap((s) => list(s.Action)));

beforeAll(() => {
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  [lci] = defineApp(app) as [ProvinceStacks];
  service = Template.fromStack(lci.service);
  data = Template.fromStack(lci.data);
  identity = Template.fromStack(lci.identity);
  const serviceResources = service.toJSON().Resources as Record<string, Resource>;
  const identityResources = identity.toJSON().Resources as Record<string, Resource>;
  expect(Object.keys(serviceResources).filter((id) => id in identityResources)).toEqual([]);
  resources = { ...serviceResources, ...identityResources };
});

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
    data.resourceCountIs('AWS::S3::Bucket', 1);
    const [id, bucket] = Object.entries(data.findResources('AWS::S3::Bucket'))[0] as [string, Resource];
    expect(bucket.DeletionPolicy).toBe('Retain');
    const p = bucket.Properties;
    const keyId = Object.keys(data.findResources('AWS::KMS::Key'))[0]!;
    expect(p.BucketEncryption.ServerSideEncryptionConfiguration[0]).toMatchObject({
      BucketKeyEnabled: true,
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } },
    });
    expect(p.VersioningConfiguration).toEqual({ Status: 'Enabled' });
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
const isConsoleCopier = (logicalId: string) => logicalId.startsWith('CustomCDKBucketDeployment');

describe('the functions', () => {
  it('are one per handler of HTTP_ROUTES, the consumers and SCHEDULES, plus the pre-token trigger', () => {
    service.resourceCountIs(
      'AWS::Lambda::Function',
      HTTP_ROUTES.length + QUEUE_CONSUMERS.length + STREAM_CONSUMERS.length + EVENT_CONSUMERS.length + SCHEDULES.length + 1 /* the console's copier */,
    );
    expect(Object.keys(service.findResources('AWS::Lambda::Function')).filter(isConsoleCopier)).toHaveLength(1);
    identity.resourceCountIs('AWS::Lambda::Function', 1 /* pre-token */);
    expect([...lci.service.functions.keys()].sort()).toEqual([...HANDLERS].sort());
    expect(TRIGGERS).toEqual(['pre-token']);
  });

  it('run Node.js 24 on arm64, with JSON logs to their own retained log group', () => {
    for (const template of [service, identity]) {
      const own = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !isConsoleCopier(id));
      expect(own.length).toBeGreaterThan(0);
      for (const [id, fn] of own) {
        expect(fn.Properties, id).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Handler: 'index.handler' });
        expect(fn.Properties.LoggingConfig, id).toMatchObject({ LogFormat: 'JSON', LogGroup: expect.anything() });
      }
    }
    service.resourceCountIs('AWS::Logs::LogGroup', HANDLERS.length + 1 /* API access logs */);
    identity.resourceCountIs('AWS::Logs::LogGroup', TRIGGERS.length);
    for (const template of [service, identity]) template.allResources('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
  });

  it('get the table, the provinces, the service name, and no secret: list cursors are signed with a key derived from the lookup key item of the table', () => {
    for (const name of HANDLERS) {
      const env = resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
      expect(Object.keys(env)).toEqual(expect.arrayContaining(['TABLE_NAME', 'PROVINCES', 'POWERTOOLS_SERVICE_NAME']));
      expect(env.NODE_OPTIONS, name).toBeUndefined();
      expect(env.PROVINCES).toBe('LCI');
      expect(
        Object.keys(env).filter((k) => k.startsWith('CURSOR')),
        name,
      ).toEqual([]);
    }
    expect(Object.keys(service.findResources('AWS::SecretsManager::Secret'))).toEqual([]);
    expect(JSON.stringify(resources)).not.toContain('{{resolve:secretsmanager:');
  });

  it('get the URL of exactly the queues they hand over to', () => {
    for (const name of ALL_FUNCTIONS) {
      const env = resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
      // The webhooks consumer also names its own queue, to hold a failed delivery back on it.
      const expected = [...(ACCESS[name]?.sendsTo ?? []).map((d) => QUEUE_URL_ENV[d]), ...(name === 'webhooks' ? [WEBHOOKS_QUEUE_URL_ENV] : [])].sort();
      expect(
        Object.keys(env)
          .filter((k) => k.endsWith('_QUEUE_URL'))
          .sort(),
        name,
      ).toEqual(expected);
    }
    // Hand-overs are sent from the table's stream, once their change is stored: no route sends one.
    expect(ALL_FUNCTIONS.filter((n) => ACCESS[n]?.sendsTo?.length)).toEqual(['dossier-events']);
    expect(ACCESS['dossier-events']!.sendsTo?.sort()).toEqual(Object.keys(QUEUE_NAMES).sort());
  });

  it('all have a written-down access entry (no default access)', () => {
    // A new handler needs its exact DynamoDB actions, indexes and queues in infra/stacks/access.ts.
    expect(
      ALL_FUNCTIONS.filter((n) => !ACCESS[n]),
      'handlers missing from infra/stacks/access.ts',
    ).toEqual([]);
  });
});

describe('least privilege', () => {
  it('no statement anywhere scans, uses an action wildcard or a "*" resource', () => {
    const statements = Object.entries(resources)
      // CDK's copier of the console's files holds CDK's grants on the two buckets it copies between (below).
      .filter(([id]) => !isConsoleCopier(id))
      .map(([, r]) => r)
      .filter((r) => r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::Role')
      .flatMap((r) => [
        ...((r.Properties.PolicyDocument?.Statement ?? []) as Statement[]),
        ...((r.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement),
      ]);
    expect(statements.length).toBeGreaterThan(ALL_FUNCTIONS.length);
    const actions = statements.flatMap((s) => list(s.Action));
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(statements.filter((s) => list(s.Resource).includes('*'))).toEqual([]);
    service.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    for (const [id, role] of Object.entries(service.findResources('AWS::IAM::Role')))
      if (!isConsoleCopier(id)) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    // The copier: S3 on CDK's assets bucket and the console's bucket only, and CloudFront invalidations.
    const copier = Object.entries(resources)
      .filter(([id, r]) => isConsoleCopier(id) && r.Type === 'AWS::IAM::Policy')
      .flatMap(([, r]) => r.Properties.PolicyDocument.Statement as Statement[]);
    expect(copier.length).toBeGreaterThan(0);
    const site = Object.keys(service.findResources('AWS::S3::Bucket'))[0]!;
    for (const st of copier) {
      const on = JSON.stringify(st.Resource);
      if (list(st.Action).every((a) => a.startsWith('cloudfront:')))
        expect(list(st.Action).sort()).toEqual(['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation']);
      else expect(on.includes('cdk-hnb659fds-assets') || on.includes(site), on).toBe(true);
    }
  });

  it('each function holds exactly the DynamoDB actions of its access entry, on the table and the indexes it queries', () => {
    for (const name of ALL_FUNCTIONS.filter((n) => ACCESS[n])) {
      const access = ACCESS[name]!;
      const statements = statementsOf(roleId(name));
      const trail = statements.filter((s) => s.Sid === 'AccessTrail');
      // Appending to access trails: PutItem on the trail's keys alone.
      expect(trail, name).toEqual(
        access.audits
          ? [expect.objectContaining({ Action: 'dynamodb:PutItem', Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['C#*#AUDIT#*'] } } })]
          : [],
      );
      // The stream's rights (the stream consumer's, tested with the events) are not the table's.
      const dynamo = statements.filter((s) => s.Sid !== 'AccessTrail' && list(s.Action).some((a) => a.startsWith('dynamodb:') && !STREAM_ACTIONS.includes(a)));
      const onTable = dynamo.filter((s) => list(s.Action).some((a) => a !== 'dynamodb:Query') || !JSON.stringify(s.Resource).includes('/index/'));
      expect(onTable.flatMap((s) => list(s.Action)).sort(), name).toEqual(access.table.map((a) => `dynamodb:${a}`).sort());
      // The table's ARN, imported from the data stack, and nothing else.
      expect(
        onTable.map((s) => list(s.Resource).map((r) => Object.keys(r as object))),
        name,
      ).toEqual(access.table.length ? [[['Fn::ImportValue']]] : []);
      const indexStatements = dynamo.filter((s) => JSON.stringify(s.Resource).includes('/index/'));
      const indexes = indexStatements.flatMap((s) => list(s.Resource)).map((r) => JSON.stringify(r).match(/\/index\/(\w+)/)?.[1]);
      expect(indexes.sort(), name).toEqual([...(access.indexes ?? [])].sort());
      expect(
        indexStatements.flatMap((s) => list(s.Action)).every((a) => a === 'dynamodb:Query'),
        name,
      ).toBe(true);
    }
  });

  it('read-only functions cannot write; the table key is used only through DynamoDB', () => {
    const readOnly = ALL_FUNCTIONS.filter((n) => ACCESS[n]?.table.every((a) => a === 'GetItem' || a === 'Query' || a === 'BatchGetItem'));
    expect(readOnly).toEqual(expect.arrayContaining(['dossiers-get', 'dossiers-list', 'procedures-list']));
    for (const name of readOnly) {
      // A read of personal data appends to the dossier's access trail, and writes nothing else.
      const actions = new Set(statementsOf(roleId(name)).flatMap((s) => (s.Sid === 'AccessTrail' ? [] : list(s.Action))));
      const writes = [
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        ...(ACCESS[name]!.audits ? [] : ['kms:Encrypt', 'kms:GenerateDataKey']),
      ];
      for (const write of writes) expect(actions.has(write), `${name} ${write}`).toBe(false);
    }
    for (const name of ALL_FUNCTIONS) {
      const kms = statementsOf(roleId(name)).filter((s) => list(s.Action).some((a) => a.startsWith('kms:')));
      const usesTable = ACCESS[name]!.table.length + (ACCESS[name]!.indexes?.length ?? 0) > 0 || STREAM_CONSUMERS.some((c) => c.name === name);
      // The same data key encrypts the files bucket: used only through S3, by the functions with files.
      const usesFiles = (ACCESS[name]!.files ?? []).some((a) => a !== 'DeleteObject');
      expect(kms, name).toHaveLength((usesTable ? 1 : 0) + (usesFiles ? 1 : 0));
      for (const statement of kms) expect(JSON.stringify(statement.Condition), name).toMatch(/kms:ViaService.*(dynamodb|s3)\./);
    }
  });

  it('only the functions that hand over may send, and only to their destinations; a scheduled job also to its failed-runs queue', () => {
    const failedRuns = JSON.stringify({ 'Fn::GetAtt': [logicalId(lci.service.schedules.dlq), 'Arn'] });
    const isJob = (name: string) => SCHEDULES.some((s) => s.name === name);
    for (const name of ALL_FUNCTIONS.filter((n) => !STREAM_CONSUMERS.some((c) => c.name === n))) {
      const sends = statementsOf(roleId(name)).filter((s) => list(s.Action).includes('sqs:SendMessage'));
      const handOvers = (ACCESS[name]?.sendsTo ?? []).map((d) => JSON.stringify({ 'Fn::GetAtt': [queueId(d), 'Arn'] }));
      const targets = sends.flatMap((s) => list(s.Resource)).map((r) => JSON.stringify(r));
      expect(targets.sort(), name).toEqual([...handOvers, ...(isJob(name) ? [failedRuns] : [])].sort());
      // The destination's grant (Lambda sends the record with the function's role) also reads the queue's attributes and URL.
      const actions = new Set(sends.flatMap((s) => list(s.Action)));
      expect([...actions].sort(), name).toEqual(
        isJob(name) ? ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'] : handOvers.length ? ['sqs:SendMessage'] : [],
      );
    }
  });

  it('the forms function has the memory to draw PDFs', () => {
    expect(resources[fnId('dossiers-form')]!.Properties.MemorySize).toBe(1024);
  });

  it('only the functions that sign or check files reach the bucket, each with exactly its actions on its objects', () => {
    const s3Actions = (name: string) => [...actionsOf(roleId(name))].filter((a) => a.startsWith('s3:')).sort();
    const expected: Record<string, string[]> = {
      'attachments-create': ['s3:PutObject'],
      'attachments-complete': ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:GetObject', 's3:GetObjectVersion'],
      'attachments-get': ['s3:GetObject', 's3:GetObjectVersion'],
      'lookup-result': ['s3:GetObject', 's3:GetObjectVersion'],
    };
    for (const name of ALL_FUNCTIONS) {
      expect(s3Actions(name), name).toEqual(expected[name] ?? []);
      const env = resources[fnId(name)]!.Properties.Environment.Variables as Record<string, unknown>;
      expect('FILES_BUCKET' in env, name).toBe(name in expected);
    }
    const create = statementsOf(roleId('attachments-create')).find((s) => list(s.Action).includes('s3:PutObject'))!;
    expect(JSON.stringify(create.Resource)).toContain(':s3:::mot-cua-lci-files-');
  });

  it('consumers receive only from their own queues', () => {
    for (const consumer of QUEUE_CONSUMERS) {
      const receive = statementsOf(roleId(consumer.name)).filter((s) => list(s.Action).includes('sqs:ReceiveMessage'));
      const queues = receive.flatMap((s) => list(s.Resource)).map((r) => JSON.stringify(r));
      expect(queues.sort()).toEqual(consumer.queues.map((d) => JSON.stringify({ 'Fn::GetAtt': [queueId(d), 'Arn'] })).sort());
    }
    for (const name of ALL_FUNCTIONS.filter((n) => !QUEUE_CONSUMERS.some((c) => c.name === n) && !EVENT_CONSUMERS.some((c) => c.name === n))) {
      expect(actionsOf(roleId(name)).has('sqs:ReceiveMessage'), name).toBe(false);
    }
  });
});

describe('the dossier events', () => {
  it('come from the table stream of both images, read in order with bisection, retries and a failure queue', () => {
    data.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
    const [stream] = Object.values(service.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties.StartingPosition);
    expect(stream!.Properties).toMatchObject({
      FunctionName: { Ref: fnId('dossier-events') },
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(lci.service.events.streamFailures), 'Arn'] } } },
      // Only dossier items invoke it: the access trail, messages, sync states and counters are filtered out, unbilled.
      FilterCriteria: { Filters: [{ Pattern: JSON.stringify(STREAM_FILTER) }] },
    });
  });

  it('the stream consumer reads the stream, publishes to the FIFO topic and hands over to every receiver, nothing else', () => {
    const statements = statementsOf(roleId('dossier-events'));
    const actions = statements.flatMap((s) => list(s.Action)).filter((a) => !a.startsWith('logs:') && !a.startsWith('sqs:'));
    expect(actions.sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'kms:Decrypt',
      'sns:Publish',
    ]);
    const topic = Object.entries(service.findResources('AWS::SNS::Topic')).find(([, t]) => t.Properties.FifoTopic)!;
    expect(statements.find((s) => list(s.Action).includes('sns:Publish'))!.Resource).toEqual({ Ref: topic[0] });
    expect(topic[1].Properties.KmsMasterKeyId).toBeDefined();
    // Beside what its failure queue needs (granted with the event source), it sends to every receiver's queue.
    const handOver = statements.filter((s) => list(s.Resource).some((r) => JSON.stringify(r).includes(queueId('DESK'))));
    expect(handOver.flatMap((s) => list(s.Action))).toEqual(['sqs:SendMessage']);
    expect(list(handOver[0]!.Resource)).toEqual((Object.keys(QUEUE_NAMES) as Destination[]).map((d) => ({ 'Fn::GetAtt': [queueId(d), 'Arn'] })));
  });

  it('reach each consumer through its own FIFO queue with a FIFO DLQ, raw', () => {
    for (const consumer of EVENT_CONSUMERS) {
      const queue = lci.service.events.queues[consumer.queue];
      expect(resources[logicalId(queue)]!.Properties).toMatchObject({ FifoQueue: true, SqsManagedSseEnabled: true });
      expect(resources[logicalId(lci.service.events.dlqs[consumer.queue])]!.Properties.FifoQueue).toBe(true);
      service.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sqs',
        RawMessageDelivery: true,
        Endpoint: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
        // Only the events the consumer acts on reach its queue.
        FilterPolicy: EVENT_FILTERS[consumer.queue],
      });
      service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fnId(consumer.name) },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
      });
    }
  });

  it('hold the webhooks back on their own queue: it keeps events 14 days, and its DLQ takes only what can never be delivered', () => {
    const queue = resources[logicalId(lci.service.events.queues.webhooks)]!;
    expect(queue.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(EVENT_MAX_RECEIVE_COUNT.webhooks);
    // Enough receives for a day of back-off behind several held events: 13 attempts each with the default schedule.
    expect(EVENT_MAX_RECEIVE_COUNT.webhooks).toBeGreaterThanOrEqual(50);
    const env = resources[fnId('webhooks')]!.Properties.Environment.Variables;
    expect(env[WEBHOOKS_QUEUE_URL_ENV]).toEqual({ Ref: logicalId(lci.service.events.queues.webhooks) });
    const statements = statementsOf(roleId('webhooks'));
    expect(statements.flatMap((st) => [st.Action].flat()).filter((a: string) => a.startsWith('sqs:'))).not.toContain('sqs:SendMessage');
  });

  it("give the SLA report the console's address for the digest's links", () => {
    const env = resources[fnId('sla-report')]!.Properties.Environment.Variables;
    expect(JSON.stringify(env.CONSOLE_URL)).toMatch(/https:\/\/|DomainName/);
  });

  it('delete nothing but a webhook: DeleteItem only for webhooks-delete, on the webhooks keys alone', () => {
    for (const name of ALL_FUNCTIONS) {
      const deletes = statementsOf(roleId(name)).filter((st) => [st.Action].flat().includes('dynamodb:DeleteItem'));
      if (name !== 'webhooks-delete') {
        expect(deletes, name).toEqual([]);
        continue;
      }
      expect(deletes).toHaveLength(1);
      expect(deletes[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [WEBHOOK_LEADING_KEYS] } });
    }
  });
});

describe('the national portal connector', () => {
  const SECRET = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:mot-cua/lci/national-portal-AbCdEf';
  const configured = () => {
    const [province] = cdkJson.context['mot-cua:provinces'];
    const nationalPortal = {
      authUrl: 'https://dvcqg-adapter.laichau.gov.vn/auth',
      integrationUrl: 'https://dvcqg-adapter.laichau.gov.vn/integration',
      unitCode: 'H30',
      credentialsSecretArn: SECRET,
    };
    const app = new App({ context: { ...cdkJson.context, 'mot-cua:provinces': [{ ...province, nationalPortal }], 'aws:cdk:bundling-stacks': [] } });
    const [stacks] = defineApp(app) as [ProvinceStacks];
    return { stacks, template: Template.fromStack(stacks.service) };
  };

  it('is told the province’s adapter URLs and unit, and the secret’s ARN, never its value', () => {
    const { stacks, template } = configured();
    const fn = template.toJSON().Resources[logicalId(stacks.service.functions.get('national-portal')!.fn)];
    expect(fn.Properties.Environment.Variables).toMatchObject({
      NATIONAL_PORTAL_AUTH_URL: 'https://dvcqg-adapter.laichau.gov.vn/auth',
      NATIONAL_PORTAL_INTEGRATION_URL: 'https://dvcqg-adapter.laichau.gov.vn/integration',
      NATIONAL_PORTAL_UNIT: 'H30',
      NATIONAL_PORTAL_SECRET_ARN: SECRET,
    });
    expect(JSON.stringify(fn.Properties.Environment.Variables)).not.toMatch(/password|NATIONAL_PORTAL_CREDENTIALS/i);
  });

  it('may read exactly that secret, the dossier and its synchronisation state, and write only items', () => {
    const { stacks, template } = configured();
    const role = logicalId(stacks.service.functions.get('national-portal')!.role);
    const statements = Object.values(template.toJSON().Resources as Record<string, Resource>)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements.find((st) => st.Sid === 'NationalPortalAccount')).toMatchObject({ Action: 'secretsmanager:GetSecretValue', Resource: SECRET });
    expect(statements.find((st) => st.Sid === 'TableItems')!.Action).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    // Without configuration there is nothing to read: no secret right at all.
    expect(actionsOf(roleId('national-portal')).has('secretsmanager:GetSecretValue')).toBe(false);
  });
});

/** The event source mappings of the queues (the stream's has no visibility timeout nor concurrency cap). */
const sqsMappings = () => Object.values(service.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => !m.Properties.StartingPosition);

describe('the hand-over queues', () => {
  const destinations = Object.keys(QUEUE_NAMES) as Destination[];

  it('are one per department plus the results queue, each with its DLQ after MAX_RECEIVE_COUNT tries', () => {
    for (const d of destinations) {
      const queue = resources[queueId(d)]!;
      expect(queue.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId(d), 'Arn'] }, maxReceiveCount: MAX_RECEIVE_COUNT });
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      expect(resources[dlqId(d)]!.Properties.SqsManagedSseEnabled).toBe(true);
      expect(resources[dlqId(d)]!.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    }
    expect(MAX_RECEIVE_COUNT).toBe(5);
  });

  it('refuse anything but TLS', () => {
    const policies = Object.values(service.findResources('AWS::SQS::QueuePolicy'));
    const secured = new Set(
      policies
        .filter((p) => JSON.stringify(p.Properties.PolicyDocument).includes('"aws:SecureTransport":"false"'))
        .flatMap((p) => (p.Properties.Queues as { Ref: string }[]).map((q) => q.Ref)),
    );
    for (const d of destinations) {
      expect(secured.has(queueId(d)), d).toBe(true);
      expect(secured.has(dlqId(d)), `${d} dlq`).toBe(true);
    }
  });

  it('stay invisible at least 6× the timeout of the function that drains them', () => {
    const mappings = sqsMappings();
    expect(mappings).toHaveLength(QUEUE_CONSUMERS.reduce((n, c) => n + c.queues.length, 0) + EVENT_CONSUMERS.length);
    for (const mapping of mappings) {
      const fn = resources[mapping.Properties.FunctionName.Ref as string]!;
      const queue = resources[mapping.Properties.EventSourceArn['Fn::GetAtt'][0] as string]!;
      expect(VISIBILITY_FACTOR).toBeGreaterThanOrEqual(6);
      expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fn.Properties.Timeout);
    }
  });

  it('are drained with partial batch failures reported and bounded concurrency', () => {
    service.allResourcesProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'] });
    for (const mapping of sqsMappings()) {
      expect(mapping.Properties.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    }
    for (const consumer of QUEUE_CONSUMERS) {
      for (const d of consumer.queues) {
        service.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: fnId(consumer.name) },
          EventSourceArn: { 'Fn::GetAtt': [queueId(d), 'Arn'] },
        });
      }
    }
  });
});

describe('the API', () => {
  const routeOf = (method: string, path: string) =>
    Object.values(service.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: `${method} ${path}` } }));

  it('has exactly the routes of HTTP_ROUTES, each integrated with its own function', () => {
    service.resourceCountIs('AWS::ApiGatewayV2::Route', HTTP_ROUTES.length);
    for (const route of HTTP_ROUTES) {
      const [r] = routeOf(route.method, route.path);
      expect(r, route.name).toBeDefined();
      const integration = resources[(r!.Properties.Target['Fn::Join'][1][1] as { Ref: string }).Ref]!;
      expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnId(route.name), 'Arn'] });
      expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
    }
  });

  it('puts the Cognito JWT authorizer on every non-public route and none on the public ones', () => {
    const authorizers = service.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp.');
    // The commune app's, the portals' and the console's clients.
    expect(authorizer.Properties.JwtConfiguration.Audience).toHaveLength(3);
    for (const route of HTTP_ROUTES) {
      const [r] = routeOf(route.method, route.path);
      if (route.public) {
        expect(r!.Properties.AuthorizationType ?? 'NONE', route.name).toBe('NONE');
        expect(r!.Properties.AuthorizerId, route.name).toBeUndefined();
      } else {
        expect(r!.Properties.AuthorizationType, route.name).toBe('JWT');
        expect(r!.Properties.AuthorizerId, route.name).toEqual({ Ref: authorizerId });
        // Officials' tokens everywhere, portals' only where portals work; ID tokens (no scope) nowhere.
        expect(r!.Properties.AuthorizationScopes, route.name).toEqual(PORTAL_ROUTES.has(route.name) ? [STAFF_SCOPE, PORTAL_SCOPE] : [STAFF_SCOPE]);
      }
    }
    expect([...PORTAL_ROUTES].sort()).toEqual([
      'attachments-complete',
      'attachments-create',
      'attachments-get',
      'dossiers-create',
      'dossiers-form',
      'dossiers-get',
      'dossiers-list',
      'dossiers-supplement',
      'dossiers-withdraw',
      'webhooks-delete',
      'webhooks-deliveries',
      'webhooks-get',
      'webhooks-list',
      'webhooks-put',
    ]);
    identity.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: 'mot-cua', Scopes: [Match.objectLike({ ScopeName: 'dossiers' })] });
    const portal = Object.values(identity.findResources('AWS::Cognito::UserPoolClient', { Properties: { AllowedOAuthFlows: ['client_credentials'] } }));
    expect(portal).toHaveLength(1);
    expect(JSON.stringify(portal[0]!.Properties.AllowedOAuthScopes)).toMatch(/\/dossiers"/);
    // The catalogue, the status lookup, the electronic result, the rating and the contract are the only public routes.
    expect(
      HTTP_ROUTES.filter((r) => r.public)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['lookup-get', 'lookup-rating', 'lookup-result', 'openapi', 'procedures-list']);
  });

  it('logs access, throttles the stage and allows the configured origins only', () => {
    service.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.requestId') },
      DefaultRouteSettings: Match.objectLike({ ThrottlingRateLimit: lci.province.throttle.rateLimit, ThrottlingBurstLimit: lci.province.throttle.burstLimit }),
    });
    const stage = Object.values(service.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    expect(stage.Properties.AccessLogSettings.Format).not.toMatch(/querystring|\$input|body/i);
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({ AllowOrigins: lci.province.corsOrigins }),
    });
  });

  it('gives each public route its own throttle, the four together below the stage, so anonymous traffic leaves the desks headroom', () => {
    const stage = Object.values(service.findResources('AWS::ApiGatewayV2::Stage'))[0]!;
    const publicKeys = HTTP_ROUTES.filter((r) => r.public).map((r) => `${r.method} ${r.path}`);
    expect(Object.keys(stage.Properties.RouteSettings).sort()).toEqual(publicKeys.sort());
    const { rateLimit, burstLimit } = lci.province.publicThrottle;
    for (const key of publicKeys) expect(stage.Properties.RouteSettings[key]).toEqual({ ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit });
    expect(publicKeys.length * rateLimit).toBeLessThan(lci.province.throttle.rateLimit);
    // Route settings name route keys: the stage is made after the routes.
    const routeIds = Object.entries(service.findResources('AWS::ApiGatewayV2::Route'))
      .filter(([, r]) => publicKeys.includes(r.Properties.RouteKey))
      .map(([id]) => id);
    const stageResource = Object.values(service.toJSON().Resources as Record<string, { Type: string; DependsOn?: string[] }>).find(
      (r) => r.Type === 'AWS::ApiGatewayV2::Stage',
    )!;
    expect(stageResource.DependsOn).toEqual(expect.arrayContaining(routeIds));
    // No reservation unless configured (a new account has no concurrency to spare).
    for (const r of HTTP_ROUTES) expect(resources[fnId(r.name)]!.Properties.ReservedConcurrentExecutions, r.name).toBeUndefined();
  });

  it("reserves, and caps, the public functions' concurrency when configured", () => {
    const app = new App({
      context: {
        ...cdkJson.context,
        'aws:cdk:bundling-stacks': [],
        'mot-cua:provinces': [{ ...cdkJson.context['mot-cua:provinces'][0], publicConcurrency: 5 }],
      },
    });
    const [p] = defineApp(app);
    const t = Template.fromStack(p!.service).toJSON().Resources as Record<string, Resource>;
    for (const r of HTTP_ROUTES) {
      const id = p!.service.getLogicalId(p!.service.functions.get(r.name)!.fn.node.defaultChild as CfnResource);
      expect(t[id]!.Properties.ReservedConcurrentExecutions, r.name).toBe(r.public ? 5 : undefined);
    }
  });

  it('signs officials in with MFA and a strong password on a retained Plus-tier user pool', () => {
    identity.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        MfaConfiguration: 'ON',
        UserPoolTier: 'PLUS',
        DeletionProtection: 'ACTIVE',
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 12, RequireSymbols: true }) },
      }),
    });
    identity.hasResourceProperties('AWS::Cognito::UserPoolClient', { AllowedOAuthFlows: ['client_credentials'], GenerateSecret: true });
  });
});

describe('identities', () => {
  const poolId = () => logicalId(lci.identity.userPool);
  const portalClientId = () => logicalId(lci.identity.portalClient);
  const trigger = () => resources[fnId(PRE_TOKEN_FUNCTION)]!;

  it('live in their own termination-protected stack, so the service stack can be replaced without losing an official', () => {
    expect(lci.identity.terminationProtection).toBe(true);
    expect(lci.data.terminationProtection).toBe(true);
    expect(lci.service.terminationProtection).toBeFalsy();
    for (const type of ['AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolDomain', 'AWS::Cognito::UserPoolResourceServer']) {
      service.resourceCountIs(type, 0);
    }
    // Only the console's own client, which holds no secret: replaced with the console, its id rewritten into config.json.
    const clients = Object.values(service.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients.map((c) => [c.Properties.ClientName, c.Properties.GenerateSecret])).toEqual([['console', false]]);
    identity.resourceCountIs('AWS::Cognito::UserPool', 1);
    identity.resourceCountIs('AWS::Cognito::UserPoolClient', 2);
    // The service stack only reads the pool's exports (authorizer issuer and audiences).
    expect(lci.service.dependencies.map((d) => d.stackName).sort()).toEqual([lci.data.stackName, lci.identity.stackName].sort());
  });

  it('the pool runs the pre-token trigger at event version V3_0 (client credentials included), named by its fixed function name', () => {
    const pool = resources[poolId()]!;
    const config = pool.Properties.LambdaConfig.PreTokenGenerationConfig as { LambdaArn: unknown; LambdaVersion: string };
    expect(config.LambdaVersion).toBe('V3_0');
    // V3_0 needs the Essentials or Plus feature plan.
    expect(pool.Properties.UserPoolTier).toBe('PLUS');
    expect(trigger().Properties.FunctionName).toBe('mot-cua-lci-pre-token');
    expect(JSON.stringify(config.LambdaArn)).toContain(':function:mot-cua-lci-pre-token');
    expect(JSON.stringify(config.LambdaArn)).toContain('arn:');
    expect(Object.keys(pool.Properties.LambdaConfig)).toEqual(['PreTokenGenerationConfig']);
  });

  it('only this pool may invoke the trigger', () => {
    const invokes = Object.values(identity.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'cognito-idp.amazonaws.com' } }));
    expect(invokes).toHaveLength(1);
    expect(invokes[0]!.Properties).toEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [fnId(PRE_TOKEN_FUNCTION), 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
      SourceArn: { 'Fn::GetAtt': [poolId(), 'Arn'] },
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('the trigger gets the portal client → province map and no table, no queue, no key', () => {
    const env = trigger().Properties.Environment.Variables as Record<string, unknown>;
    expect(Object.keys(env).sort()).toEqual(['PORTAL_CLIENTS', 'POWERTOOLS_SERVICE_NAME', 'PROVINCES']);
    expect(env.PROVINCES).toBe('LCI');
    // Deployed, the Ref is the portal app client's id: {"<id>":"LCI"}.
    const [separator, parts] = (env.PORTAL_CLIENTS as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const text = parts
      .map((p) => (typeof p === 'string' ? p : JSON.stringify(p) === JSON.stringify({ Ref: portalClientId() }) ? 'portalclientid' : '?'))
      .join(separator);
    expect(parsePortalClients(text)).toEqual({ portalclientid: 'LCI' });
    const actions = [...actionsOf(roleId(PRE_TOKEN_FUNCTION))];
    expect(actions.filter((a) => !a.startsWith('logs:'))).toEqual([]);
    // Cognito waits 5 s for a trigger.
    expect(trigger().Properties.Timeout).toBeLessThanOrEqual(5);
  });

  it('has no dependency cycle (pool → trigger → portal client → pool would not deploy)', () => {
    // Template.fromStack refuses a cyclic template, so `identity` (beforeAll) deploys in order.
    expect(() => Template.fromStack(lci.identity)).not.toThrow();
    // The plain wiring — the pool referencing the trigger, the trigger reading the client id — is such a cycle.
    const probe = new Stack(new App(), 'Probe');
    const pool = new cognito.UserPool(probe, 'Pool');
    const client = pool.addClient('Client');
    const fn = new lambda.Function(probe, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async (e) => e;'),
      environment: { CLIENT: client.userPoolClientId },
    });
    pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG, fn, cognito.LambdaVersion.V3_0);
    expect(() => Template.fromStack(probe)).toThrow(/dependency cycle/);
  });

  it('officials cannot write the attributes their claims come from; portals only use client credentials', () => {
    const staff = resources[logicalId(lci.identity.staffClient)]!.Properties;
    expect(staff.WriteAttributes?.length).toBeGreaterThan(0);
    expect((staff.WriteAttributes as string[]).filter((a) => a.startsWith('custom:'))).toEqual([]);
    const portal = resources[portalClientId()]!.Properties;
    expect(portal.AllowedOAuthFlows).toEqual(['client_credentials']);
    // Refresh is the floor Cognito accepts, and client credentials issue no refresh token.
    expect(portal.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it("sends officials' mail with Cognito's own sender until the SES domain is configured and verified", () => {
    expect(resources[poolId()]!.Properties.EmailConfiguration).toBeUndefined();
    const email = { from: 'motcua@laichau.gov.vn', replyTo: 'vanphong@laichau.gov.vn' };
    const synth = (verified: boolean) => {
      const app = new App({
        context: {
          ...cdkJson.context,
          'aws:cdk:bundling-stacks': [],
          'mot-cua:provinces': [{ ...cdkJson.context['mot-cua:provinces'][0], email: { ...email, verified } }],
        },
      });
      return Template.fromStack(defineApp(app)[0]!.identity);
    };
    // First deploy: the domain identity with Easy DKIM, its records as outputs; Cognito still sends.
    const pending = synth(false);
    pending.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'laichau.gov.vn' });
    expect(Object.keys(pending.toJSON().Outputs).filter((o) => o.startsWith('SenderDkim'))).toHaveLength(3);
    expect(Object.values(pending.findResources('AWS::Cognito::UserPool'))[0]!.Properties.EmailConfiguration).toBeUndefined();
    // Once verified: the pool sends through SES in the province's region (the Vietnamese name MIME-encoded).
    synth(true).hasResourceProperties('AWS::Cognito::UserPool', {
      EmailConfiguration: Match.objectLike({
        EmailSendingAccount: 'DEVELOPER',
        From: `=?UTF-8?B?${Buffer.from('Một Cửa').toString('base64')}?= <motcua@laichau.gov.vn>`,
        ReplyToEmailAddress: 'vanphong@laichau.gov.vn',
        SourceArn: Match.anyValue(),
      }),
    });
  });

  it('outputs what an operator needs: the pool id, the portal client id and the token endpoint', () => {
    const outputs = identity.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.UserPoolId!.Value).toEqual({ Ref: poolId() });
    expect(outputs.PortalClientId!.Value).toEqual({ Ref: portalClientId() });
    expect(JSON.stringify(outputs.TokenUrl!.Value)).toMatch(/\.auth\.ap-southeast-1\.amazoncognito\.com\/oauth2\/token/);
  });
});

describe('the schedules', () => {
  it('run every entry of SCHEDULES at the exact time in Asia/Ho_Chi_Minh, with retries and a DLQ', () => {
    service.resourceCountIs('AWS::Scheduler::Schedule', SCHEDULES.length);
    const dlq = logicalId(lci.service.schedules.dlq);
    for (const s of SCHEDULES) {
      service.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: s.expression,
        ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: 'ENABLED',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [fnId(s.name), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: Match.anyValue(), MaximumEventAgeInSeconds: Match.anyValue() },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
        }),
      });
    }
  });

  it.runIf(SCHEDULES.some((s) => s.name === 'sla-report'))('run the SLA report at 07:00 every weekday, Vietnam time', () => {
    service.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Asia/Ho_Chi_Minh',
      Target: Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId('sla-report'), 'Arn'] } }),
    });
  });

  it('keep the runs that failed: Lambda retries a job that throws, then sends its event to the failed-runs queue', () => {
    const failedRuns = logicalId(lci.service.schedules.dlq);
    const configs = Object.values(service.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(configs).toHaveLength(SCHEDULES.length);
    for (const s of SCHEDULES) {
      service.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: fnId(s.name) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: ASYNC_RETRIES,
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [failedRuns, 'Arn'] } } },
      });
    }
    expect(resources[failedRuns]!.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('invoke through a role that may invoke only its own function', () => {
    for (const s of SCHEDULES) {
      const schedule = Object.values(service.findResources('AWS::Scheduler::Schedule', { Properties: { ScheduleExpression: s.expression } }))[0]!;
      const role = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0] as string;
      const invoke = statementsOf(role).filter((st) => list(st.Action).includes('lambda:InvokeFunction'));
      expect(invoke.flatMap((st) => list(st.Resource))).toEqual([{ 'Fn::GetAtt': [fnId(s.name), 'Arn'] }]);
    }
  });
});

describe('the watch', () => {
  const alarms = () => Object.values(service.findResources('AWS::CloudWatch::Alarm'));

  it('is a handful of consolidated alarms (coverage: test/infra/monitoring.test.ts)', () => {
    const names = alarms()
      .map((a) => a.Properties.AlarmName as string)
      .sort();
    expect(names).toEqual(
      ['api-5xx', 'dead-letters', 'functions-errors', 'functions-throttles', 'handovers-stalled', ...SCHEDULES.map((s) => `${s.name}-heartbeat`)]
        .map((n) => `mot-cua-lci-${n}`)
        .sort(),
    );
  });

  it('tells the alarm topic at once when the table key is disabled or scheduled for deletion', () => {
    const rules = Object.values(service.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    const pattern = rules[0]!.Properties.EventPattern;
    expect(pattern.source).toEqual(['aws.kms']);
    expect(pattern.detail.eventName).toEqual(['DisableKey', 'ScheduleKeyDeletion']);
    expect(JSON.stringify(pattern.detail.resources.ARN)).toContain('Fn::ImportValue');
    expect(rules[0]!.Properties.Targets).toEqual([expect.objectContaining({ Arn: { Ref: logicalId(lci.service.monitoring.topic) } })]);
    service.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'events.amazonaws.com' } })]) },
    });
  });

  it('sends every alarm to the SNS topic, which takes TLS only; no dashboard unless configured', () => {
    const topic = logicalId(lci.service.monitoring.topic);
    for (const alarm of alarms()) expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    service.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    service.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});
