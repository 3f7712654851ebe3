import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  prefix: string;
  title: string;
  /** E-mail addresses subscribed to the alarm topic. */
  alarmEmails: string[];
  /** Existing SNS topics (chat, paging) every alarm also notifies. */
  alarmTopicArns: string[];
  /** A dashboard of the API, queues and functions. */
  dashboard: boolean;
  api: apigw.HttpApi;
  functions: { name: string; kind: string; fn: lambda.IFunction }[];
  /** Scheduled jobs, each watched for runs that never happen. */
  jobs: { name: string; expression: string; fn: lambda.IFunction }[];
  /** Hand-over queues, whose oldest message must not wait long: a dossier's legal deadline runs meanwhile. */
  queues: { name: string; queue: sqs.IQueue }[];
  /** Consumers of the table's stream, whose iterator must not fall behind. */
  streamConsumers?: lambda.IFunction[];
  /** Dead-letter queues, which must stay empty. */
  deadLetterQueues: { name: string; queue: sqs.IQueue }[];
  /** The table's key: disabling it or scheduling its deletion makes the table unreadable. */
  tableKey: kms.IKey;
}

/** The key calls that make the table (and its PITR) unreadable, announced the moment they happen. */
export const KEY_STATE_EVENTS = ['DisableKey', 'ScheduleKeyDeletion'];

/** A hand-over or an event should be consumed within seconds; a quarter of an hour is stalled work. */
export const OLDEST_MESSAGE_ALARM_S = 15 * 60;
/** 5xx answers in five minutes that page the operator. */
export const API_5XX_ALARM = 5;

const FIVE_MINUTES = Duration.minutes(5);

/**
 * How long a job may go without running before its heartbeat alarm fires (missing data is
 * breaching): three intervals of a rate, at least an hour; a cron job (working days) three days
 * in a row, so that a weekend is not an outage but a job that stopped is noticed by the third day.
 */
export function heartbeatOf(expression: string): { period: Duration; evaluationPeriods: number } {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate) {
    const minutes = Number(rate[1]) * (rate[2]!.startsWith('minute') ? 1 : rate[2]!.startsWith('hour') ? 60 : 1440);
    return { period: Duration.minutes(Math.min(1440, Math.max(60, 3 * minutes))), evaluationPeriods: 1 };
  }
  return { period: Duration.days(1), evaluationPeriods: 3 };
}

/**
 * What reaches a person, at the fewest billed alarm metrics that still cover everything:
 *
 * - function errors and throttles: Lambda's account-level metrics (no dimension), which cover
 *   every function of the account in the region — this province's, its custom resources', and
 *   any added later — for one alarm metric each instead of two per function;
 * - dead letters: one alarm on the sum of every DLQ's depth (metric math, one metric per queue);
 * - stalled hand-overs: one alarm on the oldest message of any hand-over queue and the stream
 *   consumer's iterator age. The event queues are watched by their consumers' errors and their
 *   DLQs, not by age: a webhook's events rightly wait a day behind a portal that is down, and each
 *   queue watched would be one more billed metric;
 * - the API's 5xx;
 * - one heartbeat per scheduled job: its invocations, with missing data breaching.
 *
 * Every alarm notifies the alarm topic (e-mail subscriptions) and the configured external topics,
 * on ALARM and on OK.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  /** Every topic an alarm notifies: the province's own and the configured external ones. */
  readonly destinations: sns.ITopic[];
  readonly alarms: cloudwatch.Alarm[] = [];
  /** Tells the alarm topic when the table's key is disabled or scheduled for deletion. */
  readonly keyStateRule: events.Rule;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { topicName: `${props.prefix}-alarms`, displayName: `${props.title} alarms`, enforceSSL: true });
    for (const email of props.alarmEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.destinations = [this.topic, ...props.alarmTopicArns.map((arn, i) => sns.Topic.fromTopicArn(this, `External${i}`, arn))];
    const notify = this.destinations.map((t) => new actions.SnsAction(t));

    const alarm = (
      id: string,
      metric: cloudwatch.IMetric,
      threshold: number,
      description: string,
      options: { below?: boolean; missing?: cloudwatch.TreatMissingData; evaluationPeriods?: number } = {},
    ) => {
      const a = new cloudwatch.Alarm(this, id, {
        alarmName: `${props.prefix}-${id}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: options.evaluationPeriods ?? 1,
        comparisonOperator: options.below
          ? cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD
          : cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: options.missing ?? cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      for (const n of notify) {
        a.addAlarmAction(n);
        a.addOkAction(n);
      }
      this.alarms.push(a);
      return a;
    };
    const accountLambda = (metricName: string) => new cloudwatch.Metric({ namespace: 'AWS/Lambda', metricName, statistic: 'Sum', period: FIVE_MINUTES });
    const over = (label: string, fn: 'SUM' | 'MAX', metrics: cloudwatch.IMetric[]) =>
      new cloudwatch.MathExpression({
        label,
        expression: `${fn}([${metrics.map((_, i) => `m${i}`).join(',')}])`,
        usingMetrics: Object.fromEntries(metrics.map((m, i) => [`m${i}`, m])),
        period: FIVE_MINUTES,
      });

    alarm(
      'functions-errors',
      accountLambda('Errors'),
      1,
      'A function failed (an invocation error or timeout, not a problem+json answer). Which one: the Errors metric by function, then its log group.',
    );
    alarm(
      'functions-throttles',
      accountLambda('Throttles'),
      1,
      'A function was throttled: the account concurrency is exhausted. Request a higher Lambda concurrency quota.',
    );
    alarm(
      'dead-letters',
      over(
        'messages in dead-letter queues',
        'SUM',
        props.deadLetterQueues.map(({ queue }) => queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' })),
      ),
      1,
      `A dead-letter queue holds messages that failed every try (${props.deadLetterQueues.map((q) => q.name).join(', ')}): inspect, fix, then redrive.`,
    );
    // Stalled hand-overs, in seconds: the oldest message of any hand-over queue, and how far the stream consumer is behind the table.
    const ages = [
      ...props.queues.map(({ queue }) => queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' })),
      ...(props.streamConsumers ?? []).map((fn) => fn.metric('IteratorAge', { period: FIVE_MINUTES, statistic: 'Maximum' })),
    ];
    const queueCount = props.queues.length;
    alarm(
      'handovers-stalled',
      new cloudwatch.MathExpression({
        label: 'oldest hand-over (s)',
        // The iterator age is in milliseconds.
        expression: `MAX([${ages.map((_, i) => (i >= queueCount ? `m${i}/1000` : `m${i}`)).join(',')}])`,
        usingMetrics: Object.fromEntries(ages.map((m, i) => [`m${i}`, m])),
        period: FIVE_MINUTES,
      }),
      OLDEST_MESSAGE_ALARM_S,
      `A hand-over has waited over ${OLDEST_MESSAGE_ALARM_S / 60} minutes in ${props.queues.map((q) => q.name).join(', ')}, or the table's stream is that far behind: its consumer is failing, stopped or held back (a stream batch that fails every retry ends in dossier-stream-failures).`,
    );
    alarm(
      'api-5xx',
      props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }),
      API_5XX_ALARM,
      `The API answered ${API_5XX_ALARM} or more 5xx in five minutes.`,
    );
    for (const job of props.jobs) {
      const { period, evaluationPeriods } = heartbeatOf(job.expression);
      alarm(
        `${job.name}-heartbeat`,
        job.fn.metricInvocations({ period, statistic: 'Sum' }),
        1,
        `${job.name} (${job.expression}, Asia/Ho_Chi_Minh) has not run for ${period.toHumanString()} × ${evaluationPeriods}: its schedule is disabled, deleted or cannot invoke it.`,
        {
          below: true,
          missing: cloudwatch.TreatMissingData.BREACHING,
          evaluationPeriods,
        },
      );
    }

    // Not an alarm (no metric says a key was disabled): the CloudTrail event itself, to the same
    // topic, free of charge. Needs a trail of management events in the account.
    this.keyStateRule = new events.Rule(this, 'TableKeyState', {
      ruleName: `${props.prefix}-table-key-state`,
      description: `Một Cửa: ${KEY_STATE_EVENTS.join(' or ')} on the table's key`,
      eventPattern: {
        source: ['aws.kms'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['kms.amazonaws.com'], eventName: KEY_STATE_EVENTS, resources: { ARN: [props.tableKey.keyArn] } },
      },
    });
    this.keyStateRule.addTarget(
      new targets.SnsTopic(this.topic, {
        message: events.RuleTargetInput.fromText(
          `${props.title}: ${events.EventField.fromPath('$.detail.eventName')} on the dossier table's key by ${events.EventField.fromPath('$.detail.userIdentity.arn')} at ${events.EventField.time}. ` +
            'The table and its backups in this account become unreadable: cancel the deletion (CancelKeyDeletion) or enable the key (EnableKey) now — docs/operations.md, key incidents.',
        ),
      }),
    );

    if (props.dashboard) this.addDashboard(props);
  }

  private addDashboard(props: MonitoringProps): void {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.prefix, defaultInterval: Duration.hours(6) });
    const sum = (m: cloudwatch.Metric, label: string) => m.with({ label, period: FIVE_MINUTES, statistic: 'Sum' });
    const byKind = (kind: string) => props.functions.filter((f) => f.kind === kind);
    dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown: `# ${props.title}\nAPI, hand-over queues, functions. Alarms go to SNS topic \`${props.prefix}-alarms\`.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and errors',
        width: 12,
        left: [sum(props.api.metricCount(), 'requests')],
        right: [sum(props.api.metricClientError(), '4xx'), sum(props.api.metricServerError(), '5xx')],
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency (ms)',
        width: 12,
        left: ['p50', 'p90', 'p99'].map((p) => props.api.metricLatency({ statistic: p, label: p, period: FIVE_MINUTES })),
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Hand-over queues: oldest message (s)',
        width: 8,
        left: props.queues.map(({ name, queue }) => queue.metricApproximateAgeOfOldestMessage({ label: name, period: FIVE_MINUTES, statistic: 'Maximum' })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Hand-over queues: visible messages',
        width: 8,
        left: props.queues.map(({ name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ label: name, period: FIVE_MINUTES, statistic: 'Maximum' }),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues',
        width: 8,
        left: props.deadLetterQueues.map(({ name, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ label: name, period: FIVE_MINUTES, statistic: 'Maximum' }),
        ),
      }),
    );
    for (const kind of ['http', 'consumer', 'schedule', 'trigger']) {
      const fns = byKind(kind);
      if (!fns.length) continue;
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${kind} functions: errors`,
          width: 8,
          left: fns.map(({ name, fn }) => fn.metricErrors({ label: name, period: FIVE_MINUTES, statistic: 'Sum' })),
        }),
        new cloudwatch.GraphWidget({
          title: `${kind} functions: duration p99 (ms)`,
          width: 8,
          left: fns.map(({ name, fn }) => fn.metricDuration({ label: name, period: FIVE_MINUTES, statistic: 'p99' })),
        }),
        new cloudwatch.GraphWidget({
          title: `${kind} functions: throttles`,
          width: 8,
          left: fns.map(({ name, fn }) => fn.metricThrottles({ label: name, period: FIVE_MINUTES, statistic: 'Sum' })),
        }),
      );
    }
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: this.alarms }));
  }
}
