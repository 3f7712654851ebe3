import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_URL_ENV } from '../../shared/adapters/queue.js';
import { AUDIT_LEADING_KEYS, PROVINCE_KEY_LEADING_KEYS, WEBHOOK_LEADING_KEYS, type ProvinceKey } from '../../shared/adapters/table.js';
import { HTTP_ROUTES, type HttpRoute } from '../../shared/http/routes.js';
import type { Destination } from '../queues.js';
import type { DataStack } from './data-stack.js';
import type { FunctionAccess } from '../../shared/access/least-privilege.js';

/** The Lambda runtime of every function (nodejs24.x: supported by AWS until 2028) and the esbuild target that matches it. */
export const NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const ESBUILD_TARGET = 'node24';

/** The repository root: the handlers' entries are relative to it, and so is the lock file. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type FunctionKind = 'http' | 'consumer' | 'schedule' | 'trigger';

/** Timeouts by kind. A consumer's timeout sets its queues' visibility timeout (6×, as AWS advises). */
export const TIMEOUTS: Record<FunctionKind, Duration> = {
  // Within API Gateway's 30 s integration limit, with room for a cold start.
  http: Duration.seconds(10),
  consumer: Duration.seconds(30),
  schedule: Duration.minutes(5),
  // A Cognito trigger has 5 s to answer before Cognito gives up (and refuses the sign-in).
  trigger: Duration.seconds(5),
};

/** Lambda refuses a function whose environment variables (names and values) take more than 4 KB together. */
export const LAMBDA_ENVIRONMENT_BYTES = 4 * 1024;
/** What a value known only at deploy time (a resource's name, ARN or URL) is counted as in that sum. */
const DEPLOY_TIME_VALUE_BYTES = 128;

/** The bytes a function's environment takes, as Lambda counts them; a value made at deploy time is estimated. */
export function environmentBytes(variables: Record<string, unknown>): number {
  return Object.entries(variables).reduce(
    (n, [name, value]) => n + Buffer.byteLength(name) + (typeof value === 'string' ? Buffer.byteLength(value) : DEPLOY_TIME_VALUE_BYTES),
    0,
  );
}

export const MEMORY_MB: Record<FunctionKind, number> = { http: 512, consumer: 512, schedule: 1024, trigger: 512 };

/** What a route declares beyond its kind (shared/http/api), by function name. */
const declared = <K extends 'memoryMb' | 'sideBundle' | 'shippedFiles' | 'generatedFile'>(key: K) =>
  Object.fromEntries(HTTP_ROUTES.flatMap((r) => (r[key] === undefined ? [] : [[r.name, r[key]]]))) as Record<string, NonNullable<HttpRoute[K]>>;

/** Functions that need more memory than their kind. */
export const MEMORY_MB_OF = declared('memoryMb');

/** Files a function reads beside its bundle at run time (paths from the repository root). */
export const SHIPPED_FILES = declared('shippedFiles');

/**
 * Code a function runs on some requests only, bundled apart into a file beside its index.mjs, so
 * that a cold start does not parse it: the function imports `file` when the environment variable
 * `variable` is set, which bundling sets (an esbuild define), and the module itself from the
 * sources. The forms function's PDF renderer is loaded only when a PDF is asked for.
 */
export const SIDE_BUNDLES = declared('sideBundle');

/**
 * Files a script writes beside a function's bundle when bundling, named to the function by an
 * esbuild define as a side bundle is: what it would otherwise compute at every cold start (the
 * OpenAPI document).
 */
export const GENERATED_FILES = declared('generatedFile');

/** The esbuild defines that tell a function's code where its side bundle and generated file lie beside it. */
export function bundlingDefines(name: string): Record<string, string> {
  return Object.fromEntries(
    [SIDE_BUNDLES[name], GENERATED_FILES[name]].flatMap((beside) => (beside ? [[`process.env.${beside.variable}`, JSON.stringify(`./${beside.file}`)]] : [])),
  );
}

/** The esbuild defines that compile configuration into a function's code: each constant as its value's JSON (see ServiceFunctionProps.compiledIn). */
export const compiledInDefines = (compiledIn: Readonly<Record<string, unknown>>): Record<string, string> =>
  Object.fromEntries(Object.entries(compiledIn).map(([constant, value]) => [constant, JSON.stringify(value)]));

/** The command line that writes a generated file beside a bundle: the script's standard output, run by tsx from the sources. */
export function generatedFileCommand(generated: { file: string; script: string }, inputDir: string, outputDir: string): string {
  return `"${inputDir}/node_modules/.bin/tsx" "${inputDir}/${generated.script}" > "${outputDir}/${generated.file}"`;
}

/** The esbuild command line that bundles a side bundle with BUNDLING's settings (see SIDE_BUNDLES). */
export function sideBundleCommand(side: { file: string; entry: string }, inputDir: string, outputDir: string): string {
  return [
    `"${inputDir}/node_modules/.bin/esbuild"`,
    `"${inputDir}/${side.entry}"`,
    '--bundle',
    '--platform=node',
    `--format=${BUNDLING.format}`,
    `--target=${BUNDLING.target}`,
    `--main-fields=${BUNDLING.mainFields.join(',')}`,
    ...(BUNDLING.minify ? ['--minify'] : []),
    ...(BUNDLING.sourceMap ? ['--sourcemap', `--sources-content=${BUNDLING.sourcesContent}`] : []),
    `--banner:js="${BUNDLING.banner}"`,
    `--outfile="${outputDir}/${side.file}"`,
    '--log-level=warning',
  ].join(' ');
}

/**
 * esbuild emits ESM (index.mjs); CommonJS dependencies bundled into it still call `require`,
 * which ESM lacks, so the bundle starts by making one.
 */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * How esbuild bundles every function; scripts/lib/bundles.ts bundles with the same settings, so
 * that the bench and the bundle tests measure what is deployed. The AWS SDK v3 is bundled
 * (tree-shaken, pinned by the lock file), not taken from the runtime. The source map ships in the
 * asset, to read a minified stack trace with, but Node does not load it: --enable-source-maps
 * would parse it on every cold start (about 12 ms of CPU for a 0.75 MB map, a quarter of the
 * SDK's own init).
 */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: ESBUILD_TARGET,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  externalModules: [] as string[],
};

export interface ServiceFunctionProps {
  /** The name of a route (shared/http/routes.ts), a consumer or job (infra/workers.ts), or a trigger. */
  name: string;
  /**
   * A fixed function name, for the rare function whose ARN must be known before it exists
   * (the user pool's trigger, which itself needs the pool's client id). Generated otherwise.
   */
  functionName?: string;
  entry: string;
  kind: FunctionKind;
  description: string;
  /** Exactly what it may do (its declaration's). */
  access: FunctionAccess;
  data: DataStack;
  /** The hand-over queues, for a function that sends to some. */
  queues?: Record<Destination, sqs.IQueue>;
  environment: Record<string, string>;
  /**
   * Configuration compiled into the function's code, by the global constant its code reads
   * (an esbuild define of the value's JSON): what would not fit the 4 KB of a Lambda environment.
   * A change of it changes the code's asset, so a deploy takes it up like any code change.
   */
  compiledIn?: Record<string, unknown>;
  logRetention: logs.RetentionDays;
  /** Concurrent executions reserved for the function, which also cap it. */
  reservedConcurrency?: number;
}

/**
 * One handler as a Lambda function: Node.js 24 on arm64, bundled by esbuild with the AWS SDK
 * inside, its own log group, and its own role holding exactly what `access` lists — no managed
 * policies, no wildcards.
 */
export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  /** The role's inline policy: a grant the province's configuration decides is added to it too, not as a policy resource beside it. */
  readonly policy: iam.PolicyDocument;
  readonly logGroup: logs.LogGroup;
  readonly kind: FunctionKind;
  /** What its code carries compiled in (props.compiledIn), by constant. */
  readonly compiledIn: Readonly<Record<string, unknown>>;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    this.kind = props.kind;
    this.compiledIn = props.compiledIn ?? {};
    const { table, key } = props.data;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // What `access` lists is the role's inline policy, not a policy resource beside it: one
    // resource less per function, which keeps the service stack under CloudFormation's 500.
    const policy = (this.policy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ sid: 'Logs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })],
    }));
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Mot Cua ${props.name}: least-privilege execution role`,
      inlinePolicies: { Access: policy },
    });

    const { table: actions, indexes = [], sendsTo = [], audits = false, keys: used = [] } = props.access;
    const itemActions = actions.filter((a) => a !== 'DeleteItem');
    if (itemActions.length) {
      policy.addStatements(new iam.PolicyStatement({ sid: 'TableItems', actions: itemActions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }));
    }
    if (actions.includes('DeleteItem')) {
      // The one deletion of the product, a portal's webhook: on the webhooks' keys alone.
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'DeleteWebhook',
          actions: ['dynamodb:DeleteItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [WEBHOOK_LEADING_KEYS] } },
        }),
      );
    }
    if (audits) {
      // Append-only in effect: PutItem on the trail's keys alone (no update, no delete), so a read-only route writes nothing else.
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'AccessTrail',
          actions: ['dynamodb:PutItem'],
          resources: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [AUDIT_LEADING_KEYS] } },
        }),
      );
    }
    // The province's key items it does not use, denied over every Allow on the table. ForAnyValue:
    // denied when any key the request names matches (a BatchGetItem of many included); a request
    // naming no key (a Scan) does not match, so no role is ever granted Scan. The key items hold no
    // index attribute, so no index query reaches them.
    const unused = (Object.keys(PROVINCE_KEY_LEADING_KEYS) as ProvinceKey[]).filter((k) => !used.includes(k));
    if ((actions.length || audits) && unused.length) {
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'ProvinceKeysUnused',
          effect: iam.Effect.DENY,
          actions: ['GetItem', 'BatchGetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem', 'ConditionCheckItem'].map((a) => `dynamodb:${a}`),
          resources: [table.tableArn],
          conditions: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': unused.map((k) => PROVINCE_KEY_LEADING_KEYS[k]) } },
        }),
      );
    }
    if (indexes.length) {
      policy.addStatements(
        new iam.PolicyStatement({ sid: 'TableIndexes', actions: ['dynamodb:Query'], resources: indexes.map((i) => props.data.indexArn(i)) }),
      );
    }
    // The table's key, only through DynamoDB: reads decrypt; writes also encrypt.
    if (actions.length || indexes.length) {
      const writes = audits || actions.some((a) => a === 'PutItem' || a === 'UpdateItem');
      policy.addStatements(
        new iam.PolicyStatement({
          sid: 'TableKey',
          actions: ['kms:Decrypt', 'kms:DescribeKey', ...(writes ? ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'] : [])],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
    const queueEnv: Record<string, string> = {};
    if (sendsTo.length) {
      const queues = props.queues;
      if (!queues) throw new Error(`${props.name} hands over to ${sendsTo.join(', ')} but was given no queues`);
      policy.addStatements(new iam.PolicyStatement({ sid: 'HandOver', actions: ['sqs:SendMessage'], resources: sendsTo.map((d) => queues[d].queueArn) }));
      for (const d of sendsTo) queueEnv[QUEUE_URL_ENV[d]] = queues[d].queueUrl;
    }
    const filesEnv: Record<string, string> = {};
    const files = props.access.files ?? [];
    if (files.length) {
      const { bucketName, objectsArn, objectsFinding } = props.data.files;
      const actions = files.flatMap((a) =>
        a === 'GetObject' ? ['s3:GetObject', 's3:GetObjectVersion'] : a === 'DeleteObject' ? ['s3:DeleteObject', 's3:DeleteObjectVersion'] : [`s3:${a}`],
      );
      policy.addStatements(new iam.PolicyStatement({ sid: 'Files', actions, resources: [objectsArn] }));
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${objectsFinding}]`,
        reason:
          "Files are keyed <commune>/<dossier>/<file> and a function serves every commune of its province, onboarded at run time, so no narrower prefix exists at deploy time; which dossier's files a caller reaches is decided by the function's own tenancy check before it signs or reads anything.",
      });
      // The data key, only through S3: uploads encrypt (a data key under the bucket key), reads decrypt.
      const keyActions = [...(files.includes('PutObject') ? ['kms:GenerateDataKey'] : []), ...(files.includes('GetObject') ? ['kms:Decrypt'] : [])];
      if (keyActions.length) {
        policy.addStatements(
          new iam.PolicyStatement({
            sid: 'FilesKey',
            actions: keyActions,
            resources: [props.data.key.keyArn],
            conditions: { StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com` } },
          }),
        );
      }
      filesEnv.FILES_BUCKET = bucketName;
    }

    const side = SIDE_BUNDLES[props.name];
    const generated = GENERATED_FILES[props.name];
    const defines = { ...bundlingDefines(props.name), ...compiledInDefines(this.compiledIn) };
    this.fn = new NodejsFunction(this, 'Function', {
      ...(props.functionName ? { functionName: props.functionName } : {}),
      description: props.description,
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      runtime: NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: MEMORY_MB_OF[props.name] ?? MEMORY_MB[props.kind],
      ...(props.reservedConcurrency ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      timeout: TIMEOUTS[props.kind],
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      environment: {
        ...props.environment,
        ...queueEnv,
        ...filesEnv,
      },
      bundling: {
        ...BUNDLING,
        ...(Object.keys(defines).length ? { define: defines } : {}),
        ...(SHIPPED_FILES[props.name] || side || generated
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  ...(SHIPPED_FILES[props.name] ?? []).map((f) => `cp "${inputDir}/${f}" "${outputDir}/"`),
                  ...(side ? [sideBundleCommand(side, inputDir, outputDir)] : []),
                  ...(generated ? [generatedFileCommand(generated, inputDir, outputDir)] : []),
                ],
              },
            }
          : {}),
      },
    });
    // Said at synth rather than by a failed deploy: the whole environment, with what the stack adds to it later.
    this.node.addValidation({
      validate: () => {
        const resolved = Stack.of(this).resolve((this.fn.node.defaultChild as lambda.CfnFunction).environment) as
          { variables?: Record<string, unknown> } | undefined;
        const bytes = environmentBytes(resolved?.variables ?? {});
        return bytes <= LAMBDA_ENVIRONMENT_BYTES
          ? []
          : [
              `${props.name}: its environment variables take about ${bytes} bytes, over Lambda's ${LAMBDA_ENVIRONMENT_BYTES}: shorten what the province's configuration puts there, or compile it into the code (compiledIn)`,
            ];
      },
    });
  }
}
