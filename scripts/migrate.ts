/**
 * `npm run migrate -- [--dry-run] [--wcu N] [--parallel N] [--only <backfill>]`: runs the registered backfills
 * (shared/adapters/backfills.ts) over the table TABLE_NAME (locally AWS_ENDPOINT_URL_DYNAMODB
 * points the SDK at DynamoDB Local), one after the other.
 *
 * - `--dry-run` scans and counts what each would change, and writes nothing.
 * - Resumable: after each page of the scan, where it got to is stored in the table (an item
 *   `BACKFILL`/<name>); a run stopped before the end (Ctrl-C, a crash) is continued by the next.
 *   A run that reached the end starts the next one from the beginning.
 * - Throttled: the write units DynamoDB reports consumed (ConsumedCapacity) stay within `--wcu`
 *   per second on average from the start (default 100); scans are reads and are not counted.
 *   `--parallel` changes are written at once (default 10).
 * - Idempotent: a changed item is no longer selected, and each change is written only over the
 *   values it was made from, so a change made meanwhile by the application is never overwritten;
 *   a backfill that writes several items at once (a transaction: the daily aggregates) writes
 *   nothing where it finds its work done, and over nothing written meanwhile.
 *
 * Prints one line per page and a `MIGRATE_JSON {…}` line with every backfill's figures.
 */
import { pathToFileURL } from 'node:url';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from '../shared/adapters/aws.js';
import { BACKFILLS, type Backfill, type ItemChange } from '../shared/adapters/backfills.js';
import { stamped, upgraded } from '../shared/adapters/formats.js';
import { keys } from '../shared/adapters/table.js';

/** Where a backfill got to, as its checkpoint item keeps it. */
export interface Checkpoint {
  /** The scan's last key read, from which the next page starts; absent once the scan reached the end. */
  lastKey?: Record<string, unknown>;
  done: boolean;
  scanned: number;
  changed: number;
  at: string;
}

export async function readCheckpoint(backfill: string): Promise<Checkpoint | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.backfillCheckpoint(backfill), ConsistentRead: true }));
  if (!Item) return undefined;
  const { PK: _pk, SK: _sk, ...checkpoint } = upgraded('backfillCheckpoint', Item);
  return checkpoint as unknown as Checkpoint;
}

/** Stores a checkpoint; answers the write units it consumed. */
async function writeCheckpoint(backfill: string, checkpoint: Checkpoint): Promise<number> {
  const answer = await dynamo().send(
    new PutCommand({ TableName: tableName(), Item: stamped('backfillCheckpoint', { ...keys.backfillCheckpoint(backfill), ...checkpoint }) }),
  );
  return answer.ConsumedCapacity?.CapacityUnits ?? 0;
}

/** One change, as a conditional update: the item must still exist and still hold the values the change was made from. */
export async function writeChange(key: { PK: string; SK: string }, change: ItemChange): Promise<{ written: boolean; units: number }> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const conditions = ['attribute_exists(PK)'];
  Object.entries(change.set).forEach(([name, value], i) => {
    names[`#a${i}`] = name;
    values[`:new${i}`] = value;
    sets.push(`#a${i} = :new${i}`);
    const before = change.from[name];
    if (before === undefined) conditions.push(`attribute_not_exists(#a${i})`);
    else {
      values[`:old${i}`] = before;
      conditions.push(`#a${i} = :old${i}`);
    }
  });
  try {
    const answer = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return { written: true, units: answer.ConsumedCapacity?.CapacityUnits ?? 0 };
  } catch (error) {
    // Changed or deleted meanwhile: whoever wrote it wrote the current format.
    if (error instanceof ConditionalCheckFailedException) return { written: false, units: 0 };
    throw error;
  }
}

export interface RunOptions {
  dryRun?: boolean;
  /** Write units per second, on average from the start of the run. */
  wcu?: number;
  /** Items a scan page reads. */
  pageSize?: number;
  /** Changes written at once: a write's round trip, not the table, is what holds a single writer back. */
  parallel?: number;
  /** Stops the run after the page in hand, its checkpoint stored. */
  signal?: AbortSignal;
  /** Told after each page. */
  onPage?: (progress: RunReport) => void;
}

/** What one run of a backfill did. */
export interface RunReport {
  backfill: string;
  dryRun: boolean;
  /** Whether it went on from an earlier run's checkpoint. */
  resumed: boolean;
  /** Whether the scan reached the end of the table. */
  done: boolean;
  pages: number;
  scanned: number;
  /** Items the backfill selected: those it would change on a dry run. */
  selected: number;
  changed: number;
  /** Selected but left as they were: changed by someone else before the write, or (a backfill of its own writes) found done already. */
  changedMeanwhile: number;
  /** Write units consumed (changes and checkpoints), as DynamoDB reported them. */
  writeUnits: number;
  readUnits: number;
  seconds: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runBackfill(backfill: Backfill, options: RunOptions = {}): Promise<RunReport> {
  const { dryRun = false, wcu = 100, pageSize = 100, parallel = 10, signal, onPage } = options;
  const started = Date.now();
  const earlier = dryRun ? undefined : await readCheckpoint(backfill.name);
  const resumed = Boolean(earlier && !earlier.done && earlier.lastKey);
  const report: RunReport = {
    backfill: backfill.name,
    dryRun,
    resumed,
    done: false,
    pages: 0,
    scanned: 0,
    selected: 0,
    changed: 0,
    changedMeanwhile: 0,
    writeUnits: 0,
    readUnits: 0,
    seconds: 0,
  };
  /** Waits while the units written are ahead of the budget since the start. */
  const withinBudget = async (units: number) => {
    report.writeUnits += units;
    const ahead = (report.writeUnits / wcu) * 1000 - (Date.now() - started);
    if (ahead > 0) await sleep(ahead);
  };
  let startKey = resumed ? earlier!.lastKey : undefined;
  do {
    const page = await dynamo().send(new ScanCommand({ TableName: tableName(), Limit: pageSize, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }));
    report.pages++;
    report.readUnits += page.ConsumedCapacity?.CapacityUnits ?? 0;
    const selected = (page.Items ?? []).filter(backfill.selects);
    report.scanned += page.Items?.length ?? 0;
    report.selected += selected.length;
    const writer = async () => {
      for (let item = selected.shift(); item; item = selected.shift()) {
        const { written, units } =
          'write' in backfill ? await backfill.write(item) : await writeChange({ PK: String(item.PK), SK: String(item.SK) }, backfill.change(item));
        if (written) report.changed++;
        else report.changedMeanwhile++;
        await withinBudget(units);
      }
    };
    // The page's changes are all written before its checkpoint is.
    if (!dryRun) await Promise.all(Array.from({ length: parallel }, writer));
    startKey = page.LastEvaluatedKey;
    if (!dryRun) {
      const checkpoint: Checkpoint = {
        ...(startKey ? { lastKey: startKey } : {}),
        done: !startKey,
        scanned: report.scanned + (resumed ? earlier!.scanned : 0),
        changed: report.changed + (resumed ? earlier!.changed : 0),
        at: new Date().toISOString(),
      };
      await withinBudget(await writeCheckpoint(backfill.name, checkpoint));
    }
    report.done = !startKey;
    report.seconds = (Date.now() - started) / 1000;
    onPage?.({ ...report });
  } while (startKey && !signal?.aborted);
  return report;
}

async function main(args: string[]): Promise<number> {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const dryRun = args.includes('--dry-run');
  const wcu = Number(value('--wcu') ?? 100);
  const parallel = Number(value('--parallel') ?? 10);
  const only = value('--only');
  const chosen = only ? BACKFILLS.filter((b) => b.name === only) : BACKFILLS;
  if (!(wcu > 0) || !Number.isInteger(parallel) || parallel < 1 || chosen.length === 0) {
    console.error(`usage: npm run migrate -- [--dry-run] [--wcu N] [--parallel N] [--only ${BACKFILLS.map((b) => b.name).join('|')}]`);
    return 2;
  }
  const stop = new AbortController();
  process.once('SIGINT', () => {
    console.error('stopping after this page; run again to continue');
    stop.abort();
  });
  const reports: RunReport[] = [];
  for (const backfill of chosen) {
    console.log(`${backfill.name}: ${backfill.description}${dryRun ? ' (dry run: nothing is written)' : ''}`);
    const report = await runBackfill(backfill, {
      dryRun,
      wcu,
      parallel,
      signal: stop.signal,
      onPage: (p) =>
        console.log(
          `  page ${p.pages}: ${p.scanned} scanned, ${p.selected} selected, ${p.changed} changed, ${p.writeUnits.toFixed(1)} WCU in ${p.seconds.toFixed(1)} s`,
        ),
    });
    reports.push(report);
    if (!report.done) break;
  }
  console.log(`MIGRATE_JSON ${JSON.stringify({ table: tableName(), wcuBudget: wcu, backfills: reports })}`);
  return reports.every((r) => r.done) ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
