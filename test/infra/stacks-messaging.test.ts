import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOKS_QUEUE_URL_ENV } from '../../shared/adapters/queue.js';
import { WEBHOOK_LEADING_KEYS } from '../../shared/adapters/table.js';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS } from '../../infra/workers.js';
import {
  EVENT_FILTERS,
  EVENT_MAX_RECEIVE_COUNT,
  HANDOFF_DESTINATIONS,
  MAX_RECEIVE_COUNT,
  QUEUE_NAMES,
  STREAM_FILTER,
  type Destination,
} from '../../infra/queues.js';
import { defineApp, type ProvinceStacks } from '../../infra/stacks/province.js';
import { VISIBILITY_FACTOR } from '../../infra/stacks/service-stack.js';
import {
  actionsOf,
  ALL_FUNCTIONS,
  data,
  dlqId,
  fnId,
  lci,
  list,
  logicalId,
  queueId,
  type Resource,
  resources,
  roleId,
  service,
  statementsOf,
  synthesizeProvince,
  allStatementsOf,
} from './province-stacks.js';

import cdkJson from '../../cdk.json' with { type: 'json' };

beforeAll(synthesizeProvince);

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

  it('the stream consumer reads the stream, keeps the daily aggregates, publishes to the FIFO topic and hands over to every receiver, nothing else', () => {
    const statements = statementsOf(roleId('dossier-events'));
    const actions = statements.flatMap((s) => list(s.Action)).filter((a) => !a.startsWith('logs:') && !a.startsWith('sqs:'));
    expect(actions.sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetItem',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'kms:Decrypt',
      'kms:Decrypt',
      'kms:DescribeKey',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
      'sns:Publish',
    ]);
    const topic = Object.entries(service.findResources('AWS::SNS::Topic')).find(([, t]) => t.Properties.FifoTopic)!;
    expect(statements.find((s) => list(s.Action).includes('sns:Publish'))!.Resource).toEqual({ Ref: topic[0] });
    expect(topic[1].Properties.KmsMasterKeyId).toBeDefined();
    // Beside what its failure queue needs (granted with the event source), it sends to every receiver's queue.
    const handOver = statements.filter((s) => list(s.Resource).some((r) => JSON.stringify(r).includes(queueId('DESK'))));
    expect(handOver.flatMap((s) => list(s.Action))).toEqual(['sqs:SendMessage']);
    expect(list(handOver[0]!.Resource)).toEqual(HANDOFF_DESTINATIONS.map((d) => ({ 'Fn::GetAtt': [queueId(d), 'Arn'] })));
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
    const statements = allStatementsOf(role, template.toJSON().Resources as Record<string, Resource>);
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
