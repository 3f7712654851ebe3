import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULES } from '../../infra/workers.js';
import { ASYNC_RETRIES } from '../../infra/stacks/service-stack.js';
import { fnId, lci, list, logicalId, resources, service, statementsOf, synthesizeProvince } from './province-stacks.js';

beforeAll(synthesizeProvince);

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
