/**
 * Each function bundled as `cdk synth` bundles it (NodejsFunction with BUNDLING of
 * infra/stacks/functions.ts: esbuild, ESM, node24, minified, the createRequire banner, the AWS SDK
 * inside, the source map beside it), its size, and its cold module-init time in a fresh Node
 * process, against a bundle of only the AWS SDK clients it uses, bundled and timed the same way.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { median } from './stats.js';
import { BUNDLING, bundlingDefines, GENERATED_FILES, SIDE_BUNDLES } from '../../infra/stacks/functions.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BundleFigure {
  name: string;
  bytes: number;
  /** Median of the runs, ms, for `await import()` of the bundle in a fresh `node`. */
  initMs: number;
  initRuns: number[];
  /** Output bytes by origin (AWS SDK, zod, …), largest first. */
  parts: { origin: string; bytes: number }[];
  /** The AWS SDK clients the bundle carries (packages of SDK_CLIENTS), in their order. */
  sdkClients: string[];
  /** The function's side bundle (SIDE_BUNDLES), loaded on some requests only: not part of its cold start. */
  side?: { file: string; bytes: number; initMs: number; parts: { origin: string; bytes: number }[] };
}

/**
 * The AWS SDK packages a function may use, each with the least code that uses it: a client and
 * one command sent. A bundle of only those a function carries is its floor.
 */
export const SDK_CLIENTS: Record<string, { imports: string; use: string }> = {
  '@aws-sdk/client-dynamodb': {
    imports: "import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';",
    use: 'new DynamoDBClient({}).send(new GetItemCommand({ TableName: "t", Key: {} }))',
  },
  '@aws-sdk/lib-dynamodb': {
    imports:
      "import { DynamoDBClient as DocBase } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';",
    use: 'DynamoDBDocumentClient.from(new DocBase({})).send(new GetCommand({ TableName: "t", Key: { PK: "a" } }))',
  },
  '@aws-sdk/client-s3': {
    imports: "import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';",
    use: 'new S3Client({}).send(new GetObjectCommand({ Bucket: "b", Key: "k" }))',
  },
  '@aws-sdk/s3-request-presigner': {
    imports: "import { S3Client as PresignBase, PutObjectCommand } from '@aws-sdk/client-s3';\nimport { getSignedUrl } from '@aws-sdk/s3-request-presigner';",
    use: 'getSignedUrl(new PresignBase({}), new PutObjectCommand({ Bucket: "b", Key: "k" }))',
  },
  '@aws-sdk/client-sqs': {
    imports: "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
    use: 'new SQSClient({}).send(new SendMessageCommand({ QueueUrl: "q", MessageBody: "m" }))',
  },
  '@aws-sdk/client-sns': {
    imports: "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
    use: 'new SNSClient({}).send(new PublishCommand({ TopicArn: "t", Message: "m" }))',
  },
  '@aws-sdk/client-secrets-manager': {
    imports: "import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';",
    use: 'new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: "s" }))',
  },
  '@aws-sdk/client-sesv2': {
    imports: "import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';",
    use: 'new SESv2Client({}).send(new SendEmailCommand({}))',
  },
  '@aws-sdk/client-pinpoint-sms-voice-v2': {
    imports: "import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';",
    use: 'new PinpointSMSVoiceV2Client({}).send(new SendTextMessageCommand({ DestinationPhoneNumber: "+84" }))',
  },
};

function sdkClientsOf(meta: Metafile): string[] {
  const inputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
  return Object.keys(SDK_CLIENTS).filter((pkg) => inputs.some((path) => path.includes(`node_modules/${pkg}/`)));
}

/** Which package (or the project itself) an input file of the bundle comes from. */
function originOf(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (!m) return 'project code';
  const pkg = m[1]!;
  if (pkg === 'zod' && path.includes('/locales/')) return 'zod locales';
  if (
    pkg.startsWith('@aws-sdk/') ||
    pkg.startsWith('@smithy/') ||
    pkg.startsWith('@aws-crypto/') ||
    pkg === 'tslib' ||
    pkg === 'fast-xml-parser' ||
    pkg === 'strnum' ||
    pkg === 'bowser' ||
    pkg === 'uuid'
  )
    return 'AWS SDK v3';
  return pkg;
}

function parts(meta: Metafile): { origin: string; bytes: number }[] {
  const sums = new Map<string, number>();
  for (const output of Object.values(meta.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) sums.set(originOf(path), (sums.get(originOf(path)) ?? 0) + bytesInOutput);
  }
  return [...sums].map(([origin, bytes]) => ({ origin, bytes })).sort((a, b) => b.bytes - a.bytes);
}

export async function bundle(
  name: string,
  entry: string,
  outDir: string,
  external: string[] = [],
): Promise<{
  file: string;
  bytes: number;
  parts: BundleFigure['parts'];
  sdkClients: string[];
  side?: { file: string; bytes: number; parts: BundleFigure['parts'] };
}> {
  const side = SIDE_BUNDLES[name];
  const build1 = async (from: string, outfile: string, define?: Record<string, string>) => {
    const result = await build({
      entryPoints: [from],
      outfile,
      bundle: true,
      platform: 'node',
      format: BUNDLING.format,
      target: BUNDLING.target,
      mainFields: BUNDLING.mainFields,
      minify: BUNDLING.minify,
      sourcemap: BUNDLING.sourceMap,
      sourcesContent: BUNDLING.sourcesContent,
      banner: { js: BUNDLING.banner },
      external: [...BUNDLING.externalModules, ...external],
      ...(define ? { define } : {}),
      // Probe sources live in a temporary folder; packages still come from the repository.
      nodePaths: [join(ROOT, 'node_modules')],
      metafile: true,
      logLevel: 'silent',
    });
    return { file: outfile, bytes: statSync(outfile).size, parts: parts(result.metafile), sdkClients: sdkClientsOf(result.metafile) };
  };
  const defines = bundlingDefines(name);
  const main = await build1(entry, join(outDir, name, 'index.mjs'), Object.keys(defines).length ? defines : undefined);
  // A generated file lies beside the bundle as the CDK bundling writes it: the same script's output.
  const generated = GENERATED_FILES[name];
  if (generated) {
    const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, generated.script)], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
    writeFileSync(join(outDir, name, generated.file), stdout);
  }
  if (!side) return main;
  const { file, bytes, parts: sideParts } = await build1(join(ROOT, side.entry), join(outDir, name, side.file));
  return { ...main, side: { file, bytes, parts: sideParts } };
}

/** Milliseconds `await import(file)` takes in a fresh Node process (module load, parse, top-level code). */
export async function coldInit(file: string, env: Record<string, string>): Promise<number> {
  const code = `const t = process.hrtime.bigint(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(Number(process.hrtime.bigint() - t) / 1e6);`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 });
  const ms = Number(stdout.trim().split('\n').pop());
  if (!Number.isFinite(ms)) throw new Error(`no init time from ${file}: ${stdout}`);
  return ms;
}

export async function measureBundles(
  entries: { name: string; entry: string }[],
  outDir: string,
  options: { runs: number; env: Record<string, string> },
): Promise<{ hello: BundleFigure; functions: BundleFigure[] }> {
  const measure = async (name: string, entry: string): Promise<BundleFigure> => {
    const built = await bundle(name, entry, outDir);
    const initRuns: number[] = [];
    for (let i = 0; i < options.runs; i++) initRuns.push(await coldInit(built.file, options.env));
    const side = built.side && { ...built.side, initMs: await coldInit(built.side.file, options.env) };
    return { name, bytes: built.bytes, initMs: median(initRuns), initRuns, parts: built.parts, sdkClients: built.sdkClients, ...(side ? { side } : {}) };
  };
  mkdirSync(join(outDir, 'src'), { recursive: true });
  const helloEntry = join(outDir, 'src', 'hello.mjs');
  writeFileSync(helloEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const hello = await measure('hello-world', helloEntry);
  const functions: BundleFigure[] = [];
  for (const { name, entry } of entries) functions.push(await measure(name, entry));
  return { hello, functions };
}

export interface Floor {
  bytes: number;
  initMs: number;
  /** Output bytes by origin, as BundleFigure['parts']. */
  parts: { origin: string; bytes: number }[];
}

/**
 * What a function carries beyond its floor, by origin, largest first: each origin's bytes less
 * the floor's (the SDK's own dependencies cancel out; only what grew is listed).
 */
export function overFloor(f: { parts: BundleFigure['parts'] }, floor: Pick<Floor, 'parts'>): { origin: string; bytes: number }[] {
  const floorBytes = new Map(floor.parts.map((p) => [p.origin, p.bytes]));
  return f.parts
    .map((p) => ({ origin: p.origin, bytes: p.bytes - (floorBytes.get(p.origin) ?? 0) }))
    .filter((p) => p.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * The floor of each set of SDK clients the functions carry: a bundle of only those clients, each
 * sending one command, bundled and timed as the functions are. Keyed by the set, joined with '+'.
 */
export async function sdkFloors(sets: string[][], outDir: string, options: { runs: number; env: Record<string, string> }): Promise<Map<string, Floor>> {
  mkdirSync(join(outDir, 'src'), { recursive: true });
  const floors = new Map<string, Floor>();
  for (const set of sets) {
    const key = set.join('+');
    if (floors.has(key)) continue;
    const name = `floor-${floors.size}`;
    const entry = join(outDir, 'src', `${name}.mjs`);
    const clients = set.map((pkg) => SDK_CLIENTS[pkg]!);
    writeFileSync(
      entry,
      `${clients.map((c) => c.imports).join('\n')}\nexport const handler = async () => Promise.all([${clients.map((c) => c.use).join(', ')}]);\n`,
    );
    const built = await bundle(name, entry, outDir);
    const runs: number[] = [];
    for (let i = 0; i < options.runs; i++) runs.push(await coldInit(built.file, options.env));
    floors.set(key, { bytes: built.bytes, initMs: median(runs), parts: built.parts });
  }
  return floors;
}

/**
 * What would shrink the bundles, measured rather than guessed: the same schema bundled with
 * zod imported three ways, and one function with the AWS SDK left to the Lambda runtime.
 */
export async function shrinkProbes(
  outDir: string,
  functionEntry: string,
  env: Record<string, string>,
): Promise<{ zod: Record<string, number>; zodInitMs: Record<string, number>; withoutSdk: number; sdkOnly: { bytes: number; initMs: number } }> {
  mkdirSync(join(outDir, 'src'), { recursive: true });
  const variants: Record<string, string> = {
    "import { z } from 'zod'": "import { z } from 'zod';",
    "import * as z from 'zod'": "import * as z from 'zod';",
    "import * as z from 'zod/mini'": "import * as z from 'zod/mini';",
  };
  const zod: Record<string, number> = {};
  const zodInitMs: Record<string, number> = {};
  let i = 0;
  for (const [label, line] of Object.entries(variants)) {
    const entry = join(outDir, 'src', `zod-${i}.mjs`);
    writeFileSync(entry, `${line}\nconst s = z.object({ a: z.string() });\nexport const handler = async (e) => s.parse(e);\n`);
    const built = await bundle(`zod-${i++}`, entry, outDir);
    zod[label] = built.bytes;
    zodInitMs[label] = median([await coldInit(built.file, env), await coldInit(built.file, env), await coldInit(built.file, env)]);
  }
  const withoutSdk = (await bundle('without-sdk', functionEntry, outDir, ['@aws-sdk/*'])).bytes;
  // The least a function that talks to DynamoDB carries: the document client and nothing else.
  const sdkEntry = join(outDir, 'src', 'sdk-only.mjs');
  writeFileSync(
    sdkEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';\n" +
      'const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async () => db.send(new GetCommand({ TableName: "t", Key: { PK: "a" } }));\n',
  );
  const sdk = await bundle('sdk-only', sdkEntry, outDir);
  const sdkOnly = { bytes: sdk.bytes, initMs: median([await coldInit(sdk.file, env), await coldInit(sdk.file, env), await coldInit(sdk.file, env)]) };
  return { zod, zodInitMs, withoutSdk, sdkOnly };
}
