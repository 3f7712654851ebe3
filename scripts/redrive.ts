/**
 * `npm run redrive -- <queue> [--max N] [--native]`: moves the messages of a queue's DLQ back to
 * the queue, so hand-overs that failed five times (a bug since fixed, a dossier restored…) are
 * consumed again. Consumers are idempotent (a redelivered hand-over changes nothing), so a
 * message that is moved twice does no harm.
 *
 * <queue> is a queue URL or name (office-intake, economics-intake, culture-society-intake,
 * results — infra/queues.ts QUEUE_NAMES; on AWS the name the stack gave it). Its DLQ is
 * `<queue>-dlq`, found by name with GetQueueUrl. Locally, AWS_ENDPOINT_URL_SQS points the SDK at
 * the emulator (e.g. `AWS_ENDPOINT_URL_SQS=http://127.0.0.1:<port> npm run redrive -- results`).
 *
 * How: by default a bounded receive → send → delete loop (at most --max messages, default 1,000),
 * the same code everywhere, so the tests exercise what operators run. The message body and its
 * attributes go back unchanged; a message is deleted from the DLQ only after SendMessageBatch
 * accepted it, so a crash can duplicate a message, never lose one. `--native` on AWS uses SQS's own
 * StartMessageMoveTask instead (asynchronous, no count bound, not in the local emulator): better for
 * a very large DLQ, but it cannot be bounded to N messages nor tested locally.
 *
 * `npm run redrive -- --jobs <queue>` reruns failed scheduled jobs instead: <queue> is the
 * province's `<prefix>-schedules-dlq`, which holds the runs EventBridge Scheduler could not deliver
 * (the function's ARN in the TARGET_ARN attribute, the input as the body) and the runs that threw
 * after Lambda's retries (the on-failure destination's record: requestContext.functionArn and
 * requestPayload). Each job is invoked once, synchronously, with the input of its latest failed
 * run — the jobs work from the table's current state, so one good run stands for all the failed
 * ones — and only then are its messages deleted. A job that fails again keeps its messages.
 */
import { pathToFileURL } from 'node:url';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
  type Message,
  type SendMessageBatchRequestEntry,
} from '@aws-sdk/client-sqs';

export interface RedriveOptions {
  sqs: SQSClient;
  /** The source queue: its URL or its name. */
  queue: string;
  /** At most this many messages are moved (default 1,000). */
  max?: number;
  /** Seconds a received DLQ message stays hidden while it is being moved. */
  visibilityTimeoutS?: number;
  log?: (line: string) => void;
}

export interface RedriveResult {
  queueUrl: string;
  dlqUrl: string;
  moved: number;
  /** Messages SendMessageBatch refused; they stay in the DLQ (visible again after the timeout). */
  failed: number;
}

const isUrl = (s: string) => /^https?:\/\//.test(s);
/** The queue's name: the last path segment of its URL, or the name itself. */
export const queueName = (queue: string) => (isUrl(queue) ? new URL(queue).pathname.split('/').filter(Boolean).pop()! : queue);
/**
 * The region a queue URL names (`https://sqs.ap-southeast-1.amazonaws.com/…`, the legacy
 * `https://ap-southeast-1.queue.amazonaws.com/…`, or fauxqs' `http://sqs.us-east-1.localhost:…`).
 * GetQueueUrl looks names up in the client's region — fauxqs too — so the client must be in it.
 */
export function regionOfQueueUrl(url: string): string | undefined {
  const host = isUrl(url) ? new URL(url).hostname : '';
  return /^sqs\.([a-z0-9-]+)\./.exec(host)?.[1] ?? /^([a-z]{2}(?:-[a-z]+)+-\d)\.queue\./.exec(host)?.[1];
}

/** `results` → `results-dlq`; a FIFO queue's DLQ is `<name>-dlq.fifo`. */
export const dlqName = (name: string) => (name.endsWith('.fifo') ? `${name.slice(0, -'.fifo'.length)}-dlq.fifo` : `${name}-dlq`);

async function urlOf(sqs: SQSClient, queue: string): Promise<string> {
  if (isUrl(queue)) return queue;
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queue }));
  if (!QueueUrl) throw new Error(`no queue named ${queue}`);
  return QueueUrl;
}

/** What SendMessageBatch needs to put a received message back as it was. */
function resend(m: Message, id: string, fifo: boolean): SendMessageBatchRequestEntry {
  return {
    Id: id,
    MessageBody: m.Body ?? '',
    ...(m.MessageAttributes && Object.keys(m.MessageAttributes).length ? { MessageAttributes: m.MessageAttributes } : {}),
    ...(fifo
      ? {
          MessageGroupId: m.Attributes?.MessageGroupId ?? 'redrive',
          MessageDeduplicationId: m.Attributes?.MessageDeduplicationId ?? m.MessageId!,
        }
      : {}),
  };
}

/** Moves up to `max` messages from `<queue>-dlq` back to `<queue>`; answers how many moved. */
export async function redrive(options: RedriveOptions): Promise<RedriveResult> {
  const { sqs } = options;
  const max = options.max ?? 1000;
  if (!Number.isInteger(max) || max < 1) throw new Error('max must be a positive whole number');
  const log = options.log ?? (() => undefined);
  const queueUrl = await urlOf(sqs, options.queue);
  const name = queueName(queueUrl);
  const dlqUrl = await urlOf(sqs, dlqName(name));
  const fifo = name.endsWith('.fifo');
  let moved = 0;
  let failed = 0;
  // An empty receive ends the run; so does a receive that only gave back messages that failed.
  while (moved < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MaxNumberOfMessages: Math.min(10, max - moved),
        WaitTimeSeconds: 1,
        VisibilityTimeout: options.visibilityTimeoutS ?? 30,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) break;
    const batch = Messages.slice(0, max - moved);
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((m, i) => resend(m, String(i), fifo)) }));
    const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
    for (const f of sent.Failed ?? []) log(`not moved: message ${batch[Number(f.Id)]?.MessageId}: ${f.Code} ${f.Message ?? ''}`);
    const done = batch.filter((_, i) => ok.has(String(i)));
    if (done.length) {
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
      // Sent but not deleted: it will be moved again later (a duplicate the consumers absorb).
      for (const f of deleted.Failed ?? []) log(`moved but not deleted from the DLQ: entry ${f.Id}: ${f.Code}`);
    }
    moved += done.length;
    failed += batch.length - done.length;
    if (done.length === 0) break;
  }
  log(`moved ${moved} message(s) from ${dlqName(name)} to ${name}${failed ? `, ${failed} failed` : ''}`);
  return { queueUrl, dlqUrl, moved, failed };
}

/** AWS only: SQS's own redrive, StartMessageMoveTask from the DLQ's ARN to the queue's. */
export async function startNativeRedrive(sqs: SQSClient, queue: string): Promise<{ taskHandle?: string; approximate: number }> {
  const queueUrl = await urlOf(sqs, queue);
  const dlqUrl = await urlOf(sqs, dlqName(queueName(queueUrl)));
  const arn = async (url: string) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn', 'ApproximateNumberOfMessages'] }))).Attributes ?? {};
  const [source, destination] = [await arn(dlqUrl), await arn(queueUrl)];
  const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: source.QueueArn, DestinationArn: destination.QueueArn }));
  return { ...(TaskHandle ? { taskHandle: TaskHandle } : {}), approximate: Number(source.ApproximateNumberOfMessages ?? 0) };
}

/** A failed scheduled run: which function, with what input. */
export interface FailedRun {
  functionArn: string;
  payload: unknown;
}

const parse = (body: string | undefined): unknown => {
  try {
    return body ? JSON.parse(body) : {};
  } catch {
    return undefined;
  }
};

/** Reads a message of the failed-runs queue; undefined when it is neither known shape. */
export function failedRun(m: Message): FailedRun | undefined {
  const body = parse(m.Body) as { requestContext?: { functionArn?: string }; requestPayload?: unknown } | undefined;
  const fromDestination = body?.requestContext?.functionArn;
  // The destination names the version it invoked (`…:function:name:$LATEST`): the rerun takes the current one.
  if (fromDestination) return { functionArn: fromDestination.replace(/:(\$LATEST|\d+)$/, ''), payload: body.requestPayload ?? {} };
  const target = m.MessageAttributes?.TARGET_ARN?.StringValue;
  if (target) return { functionArn: target, payload: body ?? {} };
  return undefined;
}

export interface RerunOptions {
  sqs: SQSClient;
  /** The failed-runs queue, URL or name. */
  queue: string;
  /** Runs a job synchronously; resolves when it succeeded, rejects when it failed. */
  invoke: (run: FailedRun) => Promise<void>;
  /** At most this many messages are read (default 1,000). */
  max?: number;
  /** Seconds a message stays hidden while its job reruns: longer than a job may take. */
  visibilityTimeoutS?: number;
  log?: (line: string) => void;
}

export interface RerunResult {
  rerun: string[];
  failed: string[];
  /** Messages deleted after their job ran well. */
  deleted: number;
  /** Messages of neither shape, left in the queue for a person to read. */
  unreadable: number;
}

/** Reruns every job that has failed runs in the queue, once each; deletes a job's messages only after it succeeded. */
export async function rerunFailedJobs(options: RerunOptions): Promise<RerunResult> {
  const { sqs } = options;
  const max = options.max ?? 1000;
  const log = options.log ?? (() => undefined);
  const queueUrl = await urlOf(sqs, options.queue);
  const byFunction = new Map<string, { latest: FailedRun; sentAt: number; messages: string[] }>();
  /** The latest receipt handle of each message read: only that one deletes it. */
  const handleOf = new Map<string, string>();
  let read = 0;
  let unreadable = 0;
  while (read < max) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max - read),
        WaitTimeSeconds: 1,
        VisibilityTimeout: options.visibilityTimeoutS ?? 900,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    // Empty, or only messages seen already (visible again after a short timeout): all read.
    const fresh = Messages.filter((m) => !handleOf.has(m.MessageId!));
    for (const m of Messages) handleOf.set(m.MessageId!, m.ReceiptHandle!);
    if (fresh.length === 0) break;
    read += fresh.length;
    for (const m of fresh) {
      const run = failedRun(m);
      if (!run) {
        unreadable++;
        log(`unreadable message ${m.MessageId}: left in the queue`);
        continue;
      }
      const sentAt = Number(m.Attributes?.SentTimestamp ?? 0);
      const entry = byFunction.get(run.functionArn) ?? { latest: run, sentAt, messages: [] };
      if (sentAt >= entry.sentAt) Object.assign(entry, { latest: run, sentAt });
      entry.messages.push(m.MessageId!);
      byFunction.set(run.functionArn, entry);
    }
  }
  const result: RerunResult = { rerun: [], failed: [], deleted: 0, unreadable };
  for (const [arn, { latest, messages }] of byFunction) {
    const handles = messages.map((id) => handleOf.get(id)!);
    const name = arn.split(':').pop()!;
    try {
      await options.invoke(latest);
    } catch (error) {
      result.failed.push(name);
      log(`${name} failed again (${error instanceof Error ? error.message : String(error)}): its ${handles.length} message(s) stay`);
      continue;
    }
    result.rerun.push(name);
    for (let i = 0; i < handles.length; i += 10) {
      const chunk = handles.slice(i, i + 10);
      const deleted = await sqs.send(
        new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((h, j) => ({ Id: String(j), ReceiptHandle: h })) }),
      );
      result.deleted += deleted.Successful?.length ?? 0;
    }
    log(`${name} ran again; ${handles.length} failed run(s) cleared`);
  }
  return result;
}

/** Invokes a function synchronously through the Lambda API; a function error rejects. */
async function invokeOnAws(region: string | undefined): Promise<{ invoke: RerunOptions['invoke']; close: () => void }> {
  const { LambdaClient, InvokeCommand } = await import('@aws-sdk/client-lambda');
  const lambda = new LambdaClient(region ? { region } : {});
  return {
    invoke: async (run) => {
      const answer = await lambda.send(
        new InvokeCommand({ FunctionName: run.functionArn, InvocationType: 'RequestResponse', Payload: new TextEncoder().encode(JSON.stringify(run.payload)) }),
      );
      if (answer.FunctionError) throw new Error(`${answer.FunctionError}: ${new TextDecoder().decode(answer.Payload ?? new Uint8Array()).slice(0, 300)}`);
    },
    close: () => lambda.destroy(),
  };
}

function usage(): never {
  console.error(
    'usage: npm run redrive -- <queue name or URL> [--max N] [--native]\n  queues: office-intake, economics-intake, culture-society-intake, results\n' +
      '       npm run redrive -- --jobs <failed-runs queue name or URL, e.g. mot-cua-lci-schedules-dlq> [--max N]',
  );
  process.exit(2);
}

async function cli(argv: string[]): Promise<number> {
  let queue: string | undefined;
  let max = 1000;
  let native = false;
  let jobs = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--jobs') jobs = true;
    else if (arg === '--max') max = Number(argv[++i]);
    else if (arg.startsWith('--max=')) max = Number(arg.slice('--max='.length));
    else if (arg === '--native') native = true;
    else if (arg === '--help' || arg === '-h') usage();
    else if (!arg.startsWith('--') && queue === undefined) queue = arg;
    else usage();
  }
  if (!queue || !Number.isInteger(max) || max < 1) usage();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // Emulators answer on their own endpoint, whatever host their queue URLs name (as shared/adapters/aws.ts).
  // A queue URL says its region; by name, the SDK's region (locally fauxqs keeps its queues in
  // its default region, us-east-1, whatever region the local runtime's handlers use).
  const region =
    regionOfQueueUrl(queue) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? (process.env.AWS_ENDPOINT_URL_SQS ? 'us-east-1' : undefined);
  const sqs = new SQSClient({ ...(region ? { region } : {}), useQueueUrlAsEndpoint: !process.env.AWS_ENDPOINT_URL_SQS });
  try {
    if (jobs) {
      const lambda = await invokeOnAws(region);
      try {
        const result = await rerunFailedJobs({ sqs, queue, max, invoke: lambda.invoke, log: (line) => console.log(line) });
        return result.failed.length || result.unreadable ? 1 : 0;
      } finally {
        lambda.close();
      }
    }
    if (native) {
      if (process.env.AWS_ENDPOINT_URL_SQS) throw new Error('--native needs SQS itself (StartMessageMoveTask); the local emulator does not have it');
      const task = await startNativeRedrive(sqs, queue);
      console.log(
        `started a message move task (${task.taskHandle ?? 'no handle'}) for about ${task.approximate} message(s); follow it with ListMessageMoveTasks`,
      );
      return 0;
    }
    const result = await redrive({ sqs, queue, max, log: (line) => console.log(line) }).catch((error: unknown) => {
      if (error instanceof Error && error.name.includes('QueueDoesNotExist')) {
        throw new Error(
          `${error.message} (${queue} or ${dlqName(queueName(queue))}, looked up in region ${region ?? 'of the SDK'}; pass the queue URL or set AWS_REGION)`,
        );
      }
      throw error;
    });
    return result.failed ? 1 : 0;
  } finally {
    sqs.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
