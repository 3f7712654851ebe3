import { CfnOutput, CrossStackReferences, Duration, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { FunctionAccess } from '../../shared/access/least-privilege.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { EVENT_CONSUMERS, QUEUE_CONSUMERS, SCHEDULES, STREAM_CONSUMERS } from '../workers.js';
import { EVENT_QUEUE_NAMES, HANDOFF_DESTINATIONS, QUEUE_NAMES, type Destination, type EventQueue } from '../queues.js';
import { DossierEvents } from './events.js';
import { WEBHOOKS_QUEUE_URL_ENV } from '../../shared/adapters/queue.js';
import { SIGNING_CONFIG_CONSTANT, type SigningConfiguration } from '../../shared/adapters/signing/providers.js';
import type { ProvinceConfig } from '../config.js';
import { Api } from './api.js';
import type { DataStack } from './data-stack.js';
import type { IdentityStack } from './identity.js';
import { ServiceFunction, TIMEOUTS, type FunctionKind } from './functions.js';
import { Messaging } from './messaging.js';
import { Monitoring } from './monitoring.js';
import { Console } from './console.js';
import { PublicEdge } from './public-edge.js';
import { Schedules } from './schedules.js';

export interface ServiceStackProps extends StackProps {
  province: ProvinceConfig;
  data: DataStack;
  identity: IdentityStack;
  /** The edge stack's web ACL: the API is then also served through CloudFront behind it. */
  webAcl?: wafv2.CfnWebACL;
}

/** A queue's visibility timeout against the timeout of the function that drains it (AWS: at least 6×). */
export const VISIBILITY_FACTOR = 6;
/** The functions that open, take and reconcile online payments: only they read the payment platform's secret. */
export const PAYMENT_PLATFORM_FUNCTIONS = ['dossiers-payment-online', 'lookup-payment-online', 'payments-callback', 'payment-reconciliation'] as const;

/** Lambda's own retries of a scheduled job that throws, before its event goes to the failed-runs queue. */
export const ASYNC_RETRIES = 2;
/** The functions that sign or verify results: only their code carries the signing configuration. */
export const SIGNING_FUNCTIONS = [
  'dossiers-approve',
  'dossiers-batch',
  'dossiers-issue',
  'attachments-signatures',
  'signing-sessions',
  'signers-put-seal',
  'signers-put-leader',
];
/** The signing functions that ask a provider (a chain, a signature, where a signing stands): only they read a CSC service's token. */
export const SIGNING_PROVIDER_FUNCTIONS = [
  'dossiers-approve',
  'dossiers-batch',
  'dossiers-issue',
  'signing-sessions',
  'signers-put-seal',
  'signers-put-leader',
];
/** The functions that have a hash signed (the leader's at approval, the seal at issue): only they may sign with a KMS key. */
export const HASH_SIGNING_FUNCTIONS = ['dossiers-approve', 'dossiers-batch', 'dossiers-issue'];
/**
 * The signing configuration the signing functions' code carries (shared/adapters/signing/providers.ts),
 * compiled in rather than in their environment, which Lambda caps at 4 KB for all its variables
 * together: a CA's roots and intermediates and a KMS key's chain take more. A CSC token's secret
 * by its ARN, never its value.
 */
export const signingConfiguration = (signing: NonNullable<ProvinceConfig['signing']>): SigningConfiguration => ({
  providers: signing.providers,
  tsaUrl: signing.tsaUrl,
  trustAnchors: signing.trustAnchors,
});
/** Parallel batches per queue: enough to keep up, few enough not to stampede one commune's dossiers. */
export const CONSUMER_MAX_CONCURRENCY = 2;

/**
 * Everything stateless of one province, read top to bottom: hand-over queues, one Lambda per
 * route of shared/http/routes.ts and per consumer and job of infra/workers.ts, the HTTP API in front of the route functions, the consumers
 * on their queues, the scheduled jobs, and what the operator watches.
 */
export class ServiceStack extends Stack {
  readonly functions = new Map<string, ServiceFunction>();
  readonly messaging: Messaging;
  readonly events: DossierEvents;
  readonly api: Api;
  readonly schedules: Schedules;
  readonly monitoring: Monitoring;
  readonly edge?: PublicEdge;
  /** The staff console and the API on one CloudFront origin (with the web ACL, when configured). */
  readonly console?: Console;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    // The data stack's table and key come in as exports: CloudFormation refuses to delete them while in use.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { province, data } = props;
    const prefix = `mot-cua-${province.code.toLowerCase()}`;
    const logRetention = province.logRetentionDays as logs.RetentionDays;

    // 1. Hand-over queues; a message stays hidden for 6× the timeout of the consumer draining it.
    this.messaging = new Messaging(this, 'Messaging', {
      prefix,
      visibilityTimeout: Duration.seconds(TIMEOUTS.consumer.toSeconds() * VISIBILITY_FACTOR),
    });

    // 2. One function per handler.
    const common = {
      TABLE_NAME: data.table.tableName,
      PROVINCES: province.code,
      POWERTOOLS_SERVICE_NAME: 'mot-cua',
    };
    const make = (
      { name, entry, access }: { name: string; entry: string; access: FunctionAccess },
      kind: FunctionKind,
      description: string,
      env: Record<string, string> = {},
      reservedConcurrency?: number,
    ) => {
      const f = new ServiceFunction(this, name, {
        name,
        entry,
        kind,
        description,
        access,
        data,
        queues: this.messaging.queues,
        environment: { ...common, ...env },
        ...(province.signing && SIGNING_FUNCTIONS.includes(name) ? { compiledIn: { [SIGNING_CONFIG_CONSTANT]: signingConfiguration(province.signing) } } : {}),
        logRetention,
        ...(reservedConcurrency ? { reservedConcurrency } : {}),
      });
      this.functions.set(name, f);
      return f;
    };
    const routeFunctions = HTTP_ROUTES.map((route) => {
      const userPool = route.access.userPool ?? [];
      const env: Record<string, string> = userPool.length ? { USER_POOL_ID: props.identity.userPool.userPoolId } : {};
      const f = make(route, 'http', `${route.method} ${route.path}`, env, route.public ? province.publicConcurrency : undefined);
      if (userPool.length) {
        // The officials' administration: exactly its actions, on the province's own pool.
        f.role.addToPrincipalPolicy(
          new iam.PolicyStatement({ sid: 'Officials', actions: userPool.map((a) => `cognito-idp:${a}`), resources: [props.identity.userPool.userPoolArn] }),
        );
      }
      return { route, fn: f.fn };
    });
    for (const consumer of QUEUE_CONSUMERS) {
      const f = make(consumer, 'consumer', `consumes ${consumer.queues.join(', ')}`);
      for (const destination of consumer.queues) {
        f.fn.addEventSource(
          new SqsEventSource(this.messaging.queues[destination], {
            batchSize: 10,
            reportBatchItemFailures: true,
            maxConcurrency: CONSUMER_MAX_CONCURRENCY,
          }),
        );
      }
    }
    // The dossier events: the stream's consumer publishes, each event consumer drains its own queue.
    this.events = new DossierEvents(this, 'Events', { prefix, data, visibilityTimeout: Duration.seconds(TIMEOUTS.consumer.toSeconds() * VISIBILITY_FACTOR) });
    const streamFunctions = STREAM_CONSUMERS.map((c) => {
      const f = make(c, 'consumer', "consumes the table's stream");
      this.events.attachPublisher(f);
      return f;
    });
    for (const consumer of EVENT_CONSUMERS) {
      const env =
        consumer.name === 'notifications'
          ? this.notificationEnv(province)
          : consumer.name === 'national-portal'
            ? this.nationalPortalEnv(province)
            : // The deliverer holds a failed delivery's message back on its own queue (ChangeMessageVisibility, granted with the event source).
              { [WEBHOOKS_QUEUE_URL_ENV]: this.events.queues[consumer.queue].queueUrl };
      const f = make(consumer, 'consumer', `consumes the ${consumer.queue} event queue`, env);
      if (consumer.name === 'notifications') this.grantProviders(f, province);
      if (consumer.name === 'national-portal' && province.nationalPortal) {
        f.role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            sid: 'NationalPortalAccount',
            actions: ['secretsmanager:GetSecretValue'],
            resources: [province.nationalPortal.credentialsSecretArn],
          }),
        );
      }
      this.events.attachConsumer(consumer.queue, f);
    }
    const jobs = SCHEDULES.map((s) => ({
      name: s.name,
      expression: s.expression,
      fn: make(s, 'schedule', `scheduled ${s.expression} (Asia/Ho_Chi_Minh)`, s.name === 'sla-report' ? this.digestEnv(province) : {}).fn,
    }));
    // The morning digest goes out by e-mail only: the sending right of the province's SES identity, nothing else.
    this.grantProviders(this.functions.get('sla-report')!, {
      ...province,
      notifications: { ...province.notifications, smsOriginationArn: undefined, zaloTokenSecretArn: undefined },
    });

    // 4. The API (on the identity stack's pool), the schedules and the watch.
    this.api = new Api(this, 'Api', { province, prefix, routes: routeFunctions, logRetention, identity: props.identity });
    this.schedules = new Schedules(this, 'Schedules', { prefix, jobs });
    // A job that throws gets Lambda's own retries, then its event lands with the schedules'
    // undeliverable ones: kept 14 days, alarmed, rerun by `npm run redrive -- --jobs`.
    for (const job of jobs) {
      job.fn.configureAsyncInvoke({
        onFailure: new SqsDestination(this.schedules.dlq),
        retryAttempts: ASYNC_RETRIES,
        maxEventAge: Duration.hours(1),
      });
    }
    this.monitoring = new Monitoring(this, 'Monitoring', {
      prefix,
      title: `Một Cửa ${province.name}`,
      alarmEmails: province.alarmEmails,
      alarmTopicArns: province.alarmTopicArns,
      dashboard: province.dashboard,
      tableKey: data.key,
      api: this.api.httpApi,
      jobs,
      functions: [...this.functions.entries()].map(([name, f]) => ({ name, kind: f.kind, fn: f.fn })),
      // The signing queue is not a hand-over: a waiting session is sent again at every poll, so its oldest message is always young; its consumer's errors and its DLQ watch it.
      queues: HANDOFF_DESTINATIONS.map((d) => ({ name: QUEUE_NAMES[d], queue: this.messaging.pairs[d].queue })),
      streamConsumers: streamFunctions.map((f) => f.fn),
      deadLetterQueues: [
        ...Object.entries(this.messaging.pairs).map(([d, p]) => ({ name: `${QUEUE_NAMES[d as Destination]}-dlq`, queue: p.dlq })),
        ...Object.entries(this.events.dlqs).map(([c, queue]) => ({ name: `${EVENT_QUEUE_NAMES[c as EventQueue]}-dlq`, queue })),
        { name: 'dossier-stream-failures', queue: this.events.streamFailures },
        { name: 'schedules-dlq', queue: this.schedules.dlq },
      ],
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.stage.url });
    // One distribution: the console's carries the web ACL too; without the console, the API alone is behind it.
    if (province.console) {
      this.console = new Console(this, 'Console', {
        province: province.code,
        httpApi: this.api.httpApi,
        userPool: props.identity.userPool,
        domain: props.identity.domain,
        filesBucketName: data.files.bucketName,
        ...(province.accessLogs ? { accessLogRetentionDays: province.logRetentionDays } : {}),
        ...(props.webAcl ? { webAclArn: props.webAcl.attrArn } : {}),
      });
      this.api.acceptClient(this.console.client);
      if (props.webAcl) new CfnOutput(this, 'PublicUrl', { value: this.console.url });
    } else if (props.webAcl) {
      this.edge = new PublicEdge(this, 'PublicEdge', { httpApi: this.api.httpApi, webAclArn: props.webAcl.attrArn });
      new CfnOutput(this, 'PublicUrl', { value: `https://${this.edge.distribution.distributionDomainName}` });
    }
    // The digest's links open the console, the receipts' QR codes and the citizens' messages its
    // citizen page (/tra-cuu/): where the province says it is, else its own distribution.
    const consoleUrl = province.consoleUrl ?? this.console?.url ?? province.corsOrigins[0]!;
    for (const name of ['sla-report', 'notifications', 'dossiers-form']) this.functions.get(name)!.fn.addEnvironment('CONSOLE_URL', consoleUrl);
    this.grantPaymentPlatform(province);
    this.grantSigning(province);
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
  }

  /** The digest's sender. */
  private digestEnv(province: ProvinceConfig): Record<string, string> {
    return province.email ? { MAIL_FROM: province.email.from } : {};
  }

  /** What the message providers are configured with. */
  private notificationEnv(province: ProvinceConfig): Record<string, string> {
    const n = province.notifications;
    return {
      ...(province.email ? { MAIL_FROM: province.email.from } : {}),
      ...(n.smsOriginationArn ? { SMS_ORIGINATION: n.smsOriginationArn } : {}),
      ...(n.zaloTokenSecretArn ? { ZALO_TOKEN_SECRET_ARN: n.zaloTokenSecretArn, ZALO_TEMPLATES: JSON.stringify(n.zaloTemplates) } : {}),
    };
  }

  /**
   * What the configured providers need, and nothing when none is configured: the CSC services'
   * token secrets to the functions that ask a provider, and `kms:Sign` on exactly the KMS keys
   * to the functions that have a hash signed (the certificate is configured, so no GetPublicKey).
   */
  private grantSigning(province: ProvinceConfig): void {
    const providers = Object.values(province.signing?.providers ?? {});
    const secrets = [...new Set(providers.flatMap((p) => (p.kind === 'CSC' && p.tokenSecretArn ? [p.tokenSecretArn] : [])))];
    const keys = [...new Set(providers.flatMap((p) => (p.kind === 'KMS' ? p.keys.map((k) => k.keyArn) : [])))];
    for (const name of SIGNING_PROVIDER_FUNCTIONS) {
      const f = this.functions.get(name)!;
      if (secrets.length)
        f.policy.addStatements(new iam.PolicyStatement({ sid: 'SigningProviderTokens', actions: ['secretsmanager:GetSecretValue'], resources: secrets }));
      if (keys.length && HASH_SIGNING_FUNCTIONS.includes(name)) {
        f.policy.addStatements(new iam.PolicyStatement({ sid: 'SigningKeys', actions: ['kms:Sign'], resources: keys }));
      }
    }
  }

  /** Where the national portal connector sends, and the secret it reads its account from: the ARN, never the value. */
  private nationalPortalEnv(province: ProvinceConfig): Record<string, string> {
    const n = province.nationalPortal;
    return n
      ? {
          NATIONAL_PORTAL_AUTH_URL: n.authUrl,
          NATIONAL_PORTAL_INTEGRATION_URL: n.integrationUrl,
          NATIONAL_PORTAL_UNIT: n.unitCode,
          NATIONAL_PORTAL_SECRET_ARN: n.credentialsSecretArn,
        }
      : {};
  }

  /** The functions that speak to the payment platform: where it is, the partner code, and the secret's ARN (never its value), readable by them only. */
  private grantPaymentPlatform(province: ProvinceConfig): void {
    const p = province.paymentPlatform;
    if (!p) return;
    for (const name of PAYMENT_PLATFORM_FUNCTIONS) {
      const f = this.functions.get(name)!;
      f.fn.addEnvironment('PAYMENT_PLATFORM_URL', p.url);
      f.fn.addEnvironment('PAYMENT_PLATFORM_PARTNER', p.partner);
      f.fn.addEnvironment('PAYMENT_PLATFORM_SECRET_ARN', p.secretArn);
      f.fn.addEnvironment('PAYMENT_PLATFORM_CHANNEL', p.channel);
      f.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid: 'PaymentPlatformSecret', actions: ['secretsmanager:GetSecretValue'], resources: [p.secretArn] }),
      );
    }
  }

  /** Exactly the sending rights of the configured channels: the province's SES identity, its SMS origination, its Zalo token. */
  private grantProviders(f: ServiceFunction, province: ProvinceConfig): void {
    const n = province.notifications;
    if (province.email) {
      const domain = province.email.from.slice(province.email.from.lastIndexOf('@') + 1);
      f.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'SendMail',
          actions: ['ses:SendEmail'],
          resources: [this.formatArn({ service: 'ses', resource: 'identity', resourceName: domain })],
        }),
      );
    }
    if (n.smsOriginationArn) {
      f.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'SendSms', actions: ['sms-voice:SendTextMessage'], resources: [n.smsOriginationArn] }));
    }
    if (n.zaloTokenSecretArn) {
      f.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'ZaloToken', actions: ['secretsmanager:GetSecretValue'], resources: [n.zaloTokenSecretArn] }));
    }
  }
}
