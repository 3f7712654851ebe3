import { beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_URL_ENV, WEBHOOKS_QUEUE_URL_ENV } from '../../shared/adapters/queue.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS, SCHEDULES, STREAM_CONSUMERS } from '../../infra/workers.js';
import { HANDOFF_DESTINATIONS } from '../../infra/queues.js';
import { ACCESS } from '../../infra/stacks/access.js';
import { PROVINCE_KEY_LEADING_KEYS, type ProvinceKey } from '../../shared/adapters/table.js';
import {
  actionsOf,
  ALL_FUNCTIONS,
  fnId,
  HANDLERS,
  identity,
  lci,
  list,
  logicalId,
  queueId,
  resources,
  roleId,
  service,
  type Statement,
  statementsOf,
  STREAM_ACTIONS,
  synthesizeProvince,
  TRIGGERS,
  allStatementsOf,
} from './province-stacks.js';

beforeAll(synthesizeProvince);

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
    // Only the signing sessions are queued by a route (approve) and sent again by their consumer while they wait.
    expect(ALL_FUNCTIONS.filter((n) => ACCESS[n]?.sendsTo?.some((d) => d !== 'SIGNING'))).toEqual(['dossier-events']);
    expect(ALL_FUNCTIONS.filter((n) => ACCESS[n]?.sendsTo?.includes('SIGNING')).sort()).toEqual(['dossiers-approve', 'dossiers-batch', 'signing-sessions']);
    expect(ACCESS['dossier-events']!.sendsTo?.sort()).toEqual([...HANDOFF_DESTINATIONS].sort());
  });

  it('all have a written-down access entry (no default access)', () => {
    // A new handler states its exact DynamoDB actions, indexes and queues in its declaration (shared/http/api, infra/workers.ts).
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
    const site = Object.keys(service.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('ConsoleSite'))!;
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

  it("the province's key items are denied, by key, to every function with the table that does not use them", () => {
    const itemActions = ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'].map((a) => `dynamodb:${a}`);
    const keyNames = Object.keys(PROVINCE_KEY_LEADING_KEYS) as ProvinceKey[];
    const deniedTo = Object.fromEntries(keyNames.map((k) => [k, [] as string[]]));
    for (const name of ALL_FUNCTIONS) {
      const denies = allStatementsOf(roleId(name)).filter((s) => s.Effect === 'Deny');
      for (const deny of denies) {
        expect(list(deny.Action).sort(), name).toEqual([...itemActions].sort());
        expect(
          list(deny.Resource).map((r) => Object.keys(r as object)),
          name,
        ).toEqual([['Fn::ImportValue']]);
        const patterns = (deny.Condition as { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': string[] } })['ForAnyValue:StringLike'][
          'dynamodb:LeadingKeys'
        ];
        for (const k of keyNames) if (list(patterns).includes(PROVINCE_KEY_LEADING_KEYS[k])) deniedTo[k]!.push(name);
      }
    }
    const withTable = ALL_FUNCTIONS.filter((n) => ACCESS[n]!.table.length > 0 || ACCESS[n]!.audits);
    for (const k of keyNames) {
      const users = ALL_FUNCTIONS.filter((n) => ACCESS[n]!.keys?.includes(k));
      expect(users.length, k).toBeGreaterThan(0);
      expect(deniedTo[k]!.sort(), k).toEqual(withTable.filter((n) => !users.includes(n)).sort());
    }
    expect(deniedTo.lookup).toEqual(expect.arrayContaining(['dossiers-get', 'webhooks', 'webhooks-put']));
    expect(deniedTo.webhook).toEqual(expect.arrayContaining(['dossiers-get', 'dossiers-create', 'webhooks-deliveries']));
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
      const usesTable = ACCESS[name]!.table.length + (ACCESS[name]!.indexes?.length ?? 0) > 0;
      // The stream's records are encrypted with the table's key too: its consumer has a statement of its own for them.
      const readsStream = STREAM_CONSUMERS.some((c) => c.name === name);
      // The same data key encrypts the files bucket: used only through S3, by the functions with files.
      const usesFiles = (ACCESS[name]!.files ?? []).some((a) => a !== 'DeleteObject');
      expect(kms, name).toHaveLength((usesTable ? 1 : 0) + (readsStream ? 1 : 0) + (usesFiles ? 1 : 0));
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
      // The leader's signature reads the draft (of one dossier, or of a batch's); the seal and a finished signing write its next version.
      'dossiers-approve': ['s3:GetObject', 's3:GetObjectVersion'],
      'dossiers-batch': ['s3:GetObject', 's3:GetObjectVersion'],
      'dossiers-issue': ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      'signing-sessions': ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
      'attachments-signatures': ['s3:GetObject', 's3:GetObjectVersion'],
      'lookup-result': ['s3:GetObject', 's3:GetObjectVersion'],
      'lookup-result-post': ['s3:GetObject', 's3:GetObjectVersion'],
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
