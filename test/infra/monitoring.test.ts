import { App } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import cdkJson from '../../cdk.json' with { type: 'json' };
import { CONTEXT_PROVINCES, readProvinces } from '../../infra/config.js';
import { heartbeatOf } from '../../infra/stacks/monitoring.js';
import { alarmsOf, fixedCost, synthesizedTemplates, type AlarmFigure, type Templates } from '../../scripts/lib/fixed-cost.js';
import { EVENT_CONSUMERS, SCHEDULES } from '../../infra/workers.js';

/**
 * Monitoring coverage, checked on the synthesized templates: every function, every dead-letter
 * queue, every work queue and every scheduled job is watched by some alarm that reaches a person,
 * and the whole set stays within the fixed-cost target.
 */
let templates: Templates;
let alarms: AlarmFigure[];
type Resource = { Type: string; Properties: Record<string, any> };
const all = () => Object.entries(templates).flatMap(([stack, t]) => Object.entries(t.Resources ?? {}).map(([id, r]) => ({ stack, id, ...(r as Resource) })));
const raw = (stack: string) => Object.values(templates[stack]!.Resources ?? {}) as Resource[];

beforeAll(async () => {
  templates = await synthesizedTemplates(cdkJson.context);
  alarms = alarmsOf(templates);
});

/** Does some alarm read `metricName`, account-wide (no dimension) or on the resource named by `dimension`? */
function watched(metricName: string, dimension?: { name: string; value: unknown }): AlarmFigure[] {
  return alarms.filter((a) =>
    a.metrics.some(
      (m) =>
        m.metricName === metricName &&
        (Object.keys(m.dimensions).length === 0 || (dimension && JSON.stringify(m.dimensions[dimension.name]) === JSON.stringify(dimension.value))),
    ),
  );
}

describe('every alarm reaches a person', () => {
  it('notifies the alarm topic, which has the configured e-mail subscribed, on ALARM and on OK', () => {
    const service = Object.keys(templates).find((s) => s.endsWith('-Service'))!;
    // The dossier events' FIFO topic, with its queue subscriptions, is no alarm topic.
    const topics = raw(service).filter((r) => r.Type === 'AWS::SNS::Topic' && !r.Properties.FifoTopic);
    expect(topics).toHaveLength(1);
    const subscriptions = raw(service).filter((r) => r.Type === 'AWS::SNS::Subscription' && r.Properties.Protocol !== 'sqs');
    expect(subscriptions.map((s) => [s.Properties.Protocol, s.Properties.Endpoint])).toEqual([['email', 'operator@example.com']]);
    for (const a of all().filter((r) => r.Type === 'AWS::CloudWatch::Alarm')) {
      expect(a.Properties.AlarmActions, a.id).toHaveLength(1);
      expect(a.Properties.OKActions, a.id).toEqual(a.Properties.AlarmActions);
    }
  });

  it('also notifies a configured chat or paging topic', async () => {
    const arn = 'arn:aws:sns:ap-southeast-1:123456789012:chatops';
    const [lci] = cdkJson.context[CONTEXT_PROVINCES];
    const withTopic = await synthesizedTemplates({ ...cdkJson.context, [CONTEXT_PROVINCES]: [{ ...lci, alarmEmails: [], alarmTopicArns: [arn] }] });
    const alarmsThere = Object.values(withTopic).flatMap((t) => Object.values(t.Resources ?? {}).filter((r) => r.Type === 'AWS::CloudWatch::Alarm'));
    expect(alarmsThere.length).toBeGreaterThan(0);
    for (const a of alarmsThere) expect(a.Properties!.AlarmActions).toEqual(expect.arrayContaining([arn]));
  });

  it('refuses to synthesize without an alarm destination, saying what to set', () => {
    const [lci] = cdkJson.context[CONTEXT_PROVINCES];
    const read = (p: object) => readProvinces(new App({ context: { [CONTEXT_PROVINCES]: [p] } }).node);
    expect(() => read({ ...lci, alarmEmails: [] })).toThrow(
      /mot-cua:provinces\.0\.alarmEmails: no alarm destination: set alarmEmails .* and\/or alarmTopicArns/,
    );
    expect(() => read({ ...lci, alarmEmails: [], alarmTopicArns: ['arn:aws:sns:ap-southeast-1:123456789012:pager'] })).not.toThrow();
  });
});

describe('coverage', () => {
  it('every function of every stack: errors and throttles', () => {
    const functions = all().filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(30);
    for (const fn of functions) {
      const name = { name: 'FunctionName', value: { Ref: fn.id } };
      expect(watched('Errors', name).length, `${fn.stack}/${fn.id} errors`).toBeGreaterThan(0);
      expect(watched('Throttles', name).length, `${fn.stack}/${fn.id} throttles`).toBeGreaterThan(0);
    }
    // Account-wide: the alarm does not name the functions, so a function added later is covered too.
    expect(watched('Errors').every((a) => a.metrics.every((m) => m.namespace === 'AWS/Lambda'))).toBe(true);
  });

  it('every dead-letter queue (of a queue, a schedule or an asynchronous invocation): its depth', () => {
    const resources = all();
    const refs = (value: unknown) => [...JSON.stringify(value ?? null).matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)].map((m) => m[1]!);
    const dlqs = new Set([
      ...resources.filter((r) => r.Type === 'AWS::SQS::Queue').flatMap((r) => refs(r.Properties.RedrivePolicy)),
      ...resources.filter((r) => r.Type === 'AWS::Scheduler::Schedule').flatMap((r) => refs(r.Properties.Target.DeadLetterConfig)),
      ...resources.filter((r) => r.Type === 'AWS::Lambda::EventInvokeConfig').flatMap((r) => refs(r.Properties.DestinationConfig?.OnFailure)),
    ]);
    expect(dlqs.size).toBeGreaterThanOrEqual(5);
    for (const dlq of dlqs) {
      expect(watched('ApproximateNumberOfMessagesVisible', { name: 'QueueName', value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }).length, dlq).toBeGreaterThan(0);
    }
  });

  it('every hand-over queue and the stream consumer: the age of the oldest hand-over; the event queues by their consumers and DLQs alone', () => {
    const queues = all().filter((r) => r.Type === 'AWS::SQS::Queue' && r.Properties.RedrivePolicy);
    // Four hand-over queues, the signing sessions' queue and one queue per event consumer.
    expect(queues.length).toBe(4 + 1 + EVENT_CONSUMERS.length);
    const aged = (q: (typeof queues)[number]) =>
      watched('ApproximateAgeOfOldestMessage', { name: 'QueueName', value: { 'Fn::GetAtt': [q.id, 'QueueName'] } }).length > 0;
    const events = queues.filter((q) => String(q.Properties.QueueName).endsWith('.fifo'));
    expect(events).toHaveLength(EVENT_CONSUMERS.length);
    const signing = queues.filter((q) => String(q.Properties.QueueName).endsWith('-signing-sessions'));
    expect(signing).toHaveLength(1);
    for (const q of queues) expect(aged(q), q.id).toBe(!events.includes(q) && !signing.includes(q));
    const streamConsumers = all().filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(r.Properties.EventSourceArn ?? '').includes('Stream'),
    );
    expect(streamConsumers.length).toBeGreaterThan(0);
    for (const m of streamConsumers) expect(watched('IteratorAge', { name: 'FunctionName', value: m.Properties.FunctionName }).length).toBeGreaterThan(0);
  });

  it('every scheduled job: a heartbeat on its invocations, missing data breaching', () => {
    const schedules = all().filter((r) => r.Type === 'AWS::Scheduler::Schedule');
    expect(schedules).toHaveLength(SCHEDULES.length);
    for (const s of schedules) {
      const fn = s.Properties.Target.Arn['Fn::GetAtt'][0] as string;
      const beats = all().filter(
        (a) =>
          a.Type === 'AWS::CloudWatch::Alarm' &&
          a.Properties.MetricName === 'Invocations' &&
          JSON.stringify(a.Properties.Dimensions) === JSON.stringify([{ Name: 'FunctionName', Value: { Ref: fn } }]),
      );
      expect(beats, fn).toHaveLength(1);
      expect(beats[0]!.Properties).toMatchObject({ ComparisonOperator: 'LessThanThreshold', Threshold: 1, TreatMissingData: 'breaching' });
      const { period, evaluationPeriods } = heartbeatOf(s.Properties.ScheduleExpression);
      expect(beats[0]!.Properties.Period * beats[0]!.Properties.EvaluationPeriods).toBe(period.toSeconds() * evaluationPeriods);
    }
  });

  it('a heartbeat allows a weekend for working-day jobs and three intervals for a rate', () => {
    expect(heartbeatOf('cron(0 7 ? * MON-FRI *)')).toMatchObject({ evaluationPeriods: 3 });
    expect(heartbeatOf('cron(0 7 ? * MON-FRI *)').period.toDays()).toBe(1);
    expect(heartbeatOf('rate(5 minutes)').period.toMinutes()).toBe(60);
    expect(heartbeatOf('rate(1 hour)').period.toMinutes()).toBe(180);
  });

  it('a dossier the national portal keeps refusing raises the dead-letter alarm within the hour', () => {
    const queue = all().find((r) => r.Type === 'AWS::SQS::Queue' && String(r.Properties.QueueName).endsWith('-national-portal.fifo'))!;
    const { maxReceiveCount, deadLetterTargetArn } = queue.Properties.RedrivePolicy;
    // Every delivery fails after its tries and waits out the visibility timeout before the next.
    expect(maxReceiveCount * queue.Properties.VisibilityTimeout).toBeLessThan(3600);
    const dlq = deadLetterTargetArn['Fn::GetAtt'][0];
    expect(watched('ApproximateNumberOfMessagesVisible', { name: 'QueueName', value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }).map((a) => a.name)).toEqual([
      'mot-cua-lci-dead-letters',
    ]);
  });

  it('the API: 5xx answers', () => {
    const api = all().find((r) => r.Type === 'AWS::ApiGatewayV2::Api')!;
    expect(
      alarms.filter((a) =>
        a.metrics.some(
          (m) => m.namespace === 'AWS/ApiGateway' && m.metricName === '5xx' && JSON.stringify(m.dimensions.ApiId) === JSON.stringify({ Ref: api.id }),
        ),
      ),
    ).toHaveLength(1);
  });
});

describe('fixed monthly cost', () => {
  it('few alarms, at most $2 a month per province in the account of its own it is deployed to, no secret, no dashboard unless asked', () => {
    const cost = fixedCost(templates);
    expect(cost.alarms).toBeLessThanOrEqual(5 + SCHEDULES.length);
    // Each DLQ, hand-over queue and job heartbeat is one billed metric ($0.10 beyond the account's ten free ones):
    // the signing sessions' DLQ and the payment reconciliation's heartbeat took $2.00 to $2.10.
    expect(cost.monthlyWithFreeTier).toBeLessThanOrEqual(2.1 + 1e-9);
    expect(cost.lines.find((l) => l.item.startsWith('Secrets Manager'))).toBeUndefined();
    expect(cost.lines.find((l) => l.item.includes('dashboards'))).toBeUndefined();
    expect(cost.prices.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('counts a metric-math alarm once per metric it reads', () => {
    const dead = alarms.find((a) => a.name.endsWith('-dead-letters'))!;
    expect(dead.billed).toBe(dead.metrics.length);
    expect(dead.billed).toBeGreaterThanOrEqual(5);
    const cost = fixedCost(templates);
    expect(cost.alarmMetrics).toBe(alarms.reduce((n, a) => n + a.billed, 0));
    expect(cost.lines.find((l) => l.item.startsWith('CloudWatch alarm metrics (standard)'))!.monthly).toBeCloseTo(cost.alarmMetrics * 0.1, 5);
  });

  it('prices a dashboard when one is configured', async () => {
    const [lci] = cdkJson.context[CONTEXT_PROVINCES];
    const withDashboard = fixedCost(await synthesizedTemplates({ ...cdkJson.context, [CONTEXT_PROVINCES]: [{ ...lci, dashboard: true }] }));
    expect(withDashboard.monthly - fixedCost(templates).monthly).toBeCloseTo(3, 5);
  });
});
