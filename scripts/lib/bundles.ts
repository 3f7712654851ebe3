/**
 * Each function bundled as `cdk synth` would (NodejsFunction: esbuild, ESM, node24, minified,
 * the createRequire banner, the AWS SDK inside), its size, and its cold module-init time in a
 * fresh Node process, against a hello-world handler bundled and timed the same way.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { median } from './stats.js';
import { ESBUILD_TARGET } from '../../infra/stacks/functions.js';

const run = promisify(execFile);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The same banner as ESM_REQUIRE_BANNER in infra/stacks/functions.ts (copied: importing that file loads aws-cdk-lib). */
export const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

export interface BundleFigure {
  name: string;
  bytes: number;
  /** Median of the runs, ms, for `await import()` of the bundle in a fresh `node`. */
  initMs: number;
  initRuns: number[];
  /** Output bytes by origin (AWS SDK, zod, …), largest first. */
  parts: { origin: string; bytes: number }[];
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
): Promise<{ file: string; bytes: number; parts: BundleFigure['parts'] }> {
  const outfile = join(outDir, name, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: ESBUILD_TARGET,
    mainFields: ['module', 'main'],
    minify: true,
    treeShaking: true,
    banner: { js: ESM_REQUIRE_BANNER },
    external,
    // Probe sources live in a temporary folder; packages still come from the repository.
    nodePaths: [join(ROOT, 'node_modules')],
    metafile: true,
    logLevel: 'silent',
  });
  return { file: outfile, bytes: statSync(outfile).size, parts: parts(result.metafile) };
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
    return { name, bytes: built.bytes, initMs: median(initRuns), initRuns, parts: built.parts };
  };
  mkdirSync(join(outDir, 'src'), { recursive: true });
  const helloEntry = join(outDir, 'src', 'hello.mjs');
  writeFileSync(helloEntry, 'export const handler = async () => ({ statusCode: 200 });\n');
  const hello = await measure('hello-world', helloEntry);
  const functions: BundleFigure[] = [];
  for (const { name, entry } of entries) functions.push(await measure(name, entry));
  return { hello, functions };
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
