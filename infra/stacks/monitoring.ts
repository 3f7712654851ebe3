import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  prefix: string;
  title: string;
  alarmEmail?: string;
  api: apigw.HttpApi;
  functions: { name: string; kind: string; fn: lambda.IFunction }[];
  /** Work queues, whose oldest message must not grow old. */
  queues: { name: string; queue: sqs.IQueue }[];
  /** Dead-letter queues, which must stay empty. */
  deadLetterQueues: { name: string; queue: sqs.IQueue }[];
}

/** A hand-over should be recorded within seconds; the sweeper resends after two minutes. */
export const OLDEST_MESSAGE_ALARM_S = 15 * 60;
/** 5xx answers in five minutes that page the operator. */
export const API_5XX_ALARM = 5;

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What the operator watches: an alarm topic, alarms on every dead-letter queue, on queue age,
 * on every function's errors and throttles and on the API's 5xx, and one dashboard.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { topicName: `${props.prefix}-alarms`, displayName: `${props.title} alarms`, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);

    const alarm = (id: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const a = new cloudwatch.Alarm(this, id, {
        alarmName: `${props.prefix}-${id}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(notify);
      a.addOkAction(notify);
      this.alarms.push(a);
      return a;
    };

    for (const { name, queue } of props.deadLetterQueues) {
      alarm(`${name}-depth`, queue.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' }), 1,
        `${name} holds messages that failed every try: inspect, fix, then redrive.`);
    }
    for (const { name, queue } of props.queues) {
      alarm(`${name}-oldest-age`, queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }), OLDEST_MESSAGE_ALARM_S,
        `${name}: a hand-over has waited over ${OLDEST_MESSAGE_ALARM_S / 60} minutes; its consumer is failing or stopped.`);
    }
    for (const { name, fn } of props.functions) {
      alarm(`${name}-errors`, fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, `${name} failed (an invocation error, not a problem+json answer).`);
      alarm(`${name}-throttles`, fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }), 1, `${name} was throttled: account concurrency is exhausted.`);
    }
    const api5xx = props.api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    alarm('api-5xx', api5xx, API_5XX_ALARM, `The API answered ${API_5XX_ALARM} or more 5xx in five minutes.`);

    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.prefix, defaultInterval: Duration.hours(6) });
    const sum = (m: cloudwatch.Metric, label: string) => m.with({ label, period: FIVE_MINUTES, statistic: 'Sum' });
    const byKind = (kind: string) => props.functions.filter((f) => f.kind === kind);
    dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: `# ${props.title}\nAPI, hand-over queues, functions. Alarms go to SNS topic \`${props.prefix}-alarms\`.`, width: 24, height: 2 }),
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
        left: props.queues.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ label: name, period: FIVE_MINUTES, statistic: 'Maximum' })),
      }),
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queues',
        width: 8,
        left: props.deadLetterQueues.map(({ name, queue }) => queue.metricApproximateNumberOfMessagesVisible({ label: name, period: FIVE_MINUTES, statistic: 'Maximum' })),
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
