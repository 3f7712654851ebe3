import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Every schedule expression is read in Vietnam's time (the SLA report: 07:00 every working day). */
export const SCHEDULE_TIME_ZONE = TimeZone.ASIA_HO_CHI_MINH;
export const SCHEDULE_RETRY = { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 15 * 60 };

/**
 * Invokes a function, through a role allowed to invoke that function and nothing else, and to
 * drop undeliverable invocations in the dead-letter queue. (The library's LambdaInvoke target
 * grants `function:*` too, i.e. every version and alias.)
 */
class InvokeFunction implements scheduler.IScheduleTarget {
  constructor(
    private readonly scope: Construct,
    private readonly fn: lambda.IFunction,
    private readonly dlq: sqs.IQueue,
  ) {}

  bind(): scheduler.ScheduleTargetConfig {
    const role = new iam.Role(this.scope, 'InvokeRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this.scope).account } },
      }),
      description: 'EventBridge Scheduler: invokes one scheduled function',
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.dlq.queueArn] }));
    return {
      arn: this.fn.functionArn,
      role,
      retryPolicy: SCHEDULE_RETRY,
      deadLetterConfig: { arn: this.dlq.queueArn },
    };
  }
}

export interface SchedulesProps {
  prefix: string;
  jobs: { name: string; expression: string; fn: lambda.IFunction }[];
}

/**
 * EventBridge Scheduler: one schedule per entry of SCHEDULES, at the exact time (no flexible
 * window), in Asia/Ho_Chi_Minh, with retries and a queue of failed runs: the schedules' dead
 * letters (the function could not be invoked) and the functions' on-failure destination (it ran
 * and threw after Lambda's retries).
 */
export class Schedules extends Construct {
  readonly dlq: sqs.Queue;
  readonly schedules = new Map<string, scheduler.Schedule>();

  constructor(scope: Construct, id: string, props: SchedulesProps) {
    super(scope, id);
    this.dlq = new sqs.Queue(this, 'Dlq', {
      queueName: `${props.prefix}-schedules-dlq`,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      // Says what the queue is, a dead-letter destination, with SQS's own default: no queue redrives here, the scheduler and Lambda send.
      redriveAllowPolicy: { redrivePermission: sqs.RedrivePermission.ALLOW_ALL },
    });
    Validations.of(this.dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the DeadLetterConfig of every EventBridge Scheduler schedule and the on-failure destination of every scheduled function, references SQS3 does not follow (it only recognises queue redrive policies and Lambda DLQs). A DLQ of a DLQ would only move the same failed runs one hop further; its depth is alarmed and `npm run redrive -- --jobs` reruns the jobs.',
    });
    for (const job of props.jobs) {
      const holder = new Construct(this, job.name);
      const schedule = new scheduler.Schedule(holder, 'Schedule', {
        scheduleName: `${props.prefix}-${job.name}`,
        description: `Một Cửa: runs ${job.name} at ${job.expression} (Asia/Ho_Chi_Minh)`,
        schedule: scheduler.ScheduleExpression.expression(job.expression, SCHEDULE_TIME_ZONE),
        timeWindow: scheduler.TimeWindow.off(),
        target: new InvokeFunction(holder, job.fn, this.dlq),
      });
      this.schedules.set(job.name, schedule);
    }
  }
}
