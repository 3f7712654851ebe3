import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES } from '../../shared/http/routes.js';
import { readProvinces } from '../../infra/config.js';
import type { Destination } from '../../infra/queues.js';
import { ACCESS } from '../../infra/stacks/access.js';
import { DataStack } from '../../infra/stacks/data-stack.js';
import {
  BUNDLING,
  compiledInDefines,
  ESM_REQUIRE_BANNER,
  GENERATED_FILES,
  ServiceFunction,
  SHIPPED_FILES,
  SIDE_BUNDLES,
} from '../../infra/stacks/functions.js';
import { signingConfiguration } from '../../infra/stacks/service-stack.js';
import { SIGNING_CONFIG_CONSTANT, type SigningConfiguration } from '../../shared/adapters/signing/providers.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import { bundle as benchBundle } from '../../scripts/lib/bundles.js';
import { certificatesOfPem } from '../../shared/adapters/signing/certificates.js';
import { build as esbuild } from 'esbuild';

process.env.CDK_VALIDATION = 'false';

/** A CA's roots and a KMS key's chain of a real size: about 8 KB of PEM, twice what Lambda allows a whole environment. */
const certificate = (n: number) =>
  `-----BEGIN CERTIFICATE-----\n${Array.from({ length: 32 }, (_, i) => `MIIG${n}${i}`.padEnd(64, 'Q')).join('\n')}\n-----END CERTIFICATE-----\n`;
const SIGNING: SigningConfiguration = signingConfiguration({
  providers: {
    'vnpt-ca': { kind: 'CSC', url: 'https://rs.vnpt-ca.vn/csc/v2' },
    'kms-seal': {
      kind: 'KMS',
      keys: [{ keyArn: 'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', certificates: certificate(3) + certificate(4) }],
    },
  },
  tsaUrl: 'http://tsa.vnpt-ca.vn',
  trustAnchors: certificate(1) + certificate(2),
});

/**
 * One function bundled for real by esbuild, exactly as `cdk synth` bundles all of them: ESM
 * output with the createRequire banner, minified, with a source map, the AWS SDK inside.
 */
describe('bundling (real esbuild, one function)', () => {
  const route = HTTP_ROUTES.find((r) => r.name === 'lookup-get')!;
  let bundle = '';
  let folder = '';
  let formsFolder = '';
  let contractFolder = '';
  let signingFolder = '';

  beforeAll(() => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': ['BundleProbe'], 'aws:cdk:enable-asset-metadata': true } });
    const [province] = readProvinces(app.node);
    const data = new DataStack(app, 'BundleProbe-Data', { province: province! });
    const stack = new Stack(app, 'BundleProbe');
    const queue = new sqs.Queue(stack, 'Queue');
    const queues = { OFFICE: queue, ECONOMICS: queue, CULTURE_SOCIETY: queue, DESK: queue, SIGNING: queue } satisfies Record<Destination, sqs.IQueue>;
    const probe = (r: (typeof HTTP_ROUTES)[number], compiledIn?: Record<string, unknown>) =>
      new ServiceFunction(stack, r.name, {
        name: r.name,
        entry: r.entry,
        kind: 'http',
        description: 'bundling probe',
        access: ACCESS[r.name]!,
        data,
        queues,
        environment: {},
        ...(compiledIn ? { compiledIn } : {}),
        logRetention: 30,
      });
    const f = probe(route);
    const forms = probe(HTTP_ROUTES.find((r) => r.name === 'dossiers-form')!);
    const contract = probe(HTTP_ROUTES.find((r) => r.name === 'openapi')!);
    const signatures = probe(
      HTTP_ROUTES.find((r) => r.name === 'attachments-signatures')!,
      { [SIGNING_CONFIG_CONSTANT]: SIGNING },
    );
    const assembly = app.synth();
    const template = assembly.getStackByName('BundleProbe').template as { Resources: Record<string, { Metadata?: Record<string, string> }> };
    const assetOf = (fn: ServiceFunction) =>
      join(assembly.directory, template.Resources[stack.getLogicalId(fn.fn.node.defaultChild as never)]!.Metadata!['aws:asset:path']!);
    folder = assetOf(f);
    formsFolder = assetOf(forms);
    contractFolder = assetOf(contract);
    signingFolder = assetOf(signatures);
    bundle = readFileSync(join(folder, 'index.mjs'), 'utf8');
  }, 120_000);

  it('emits index.mjs starting with the createRequire banner, and its source map', () => {
    expect(bundle.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(existsSync(join(folder, 'index.mjs.map'))).toBe(true);
    expect(bundle).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
  });

  it('is byte for byte what the bench bundles and measures, the forms function and its PDF renderer too', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mot-cua-bench-bundle-'));
    try {
      const { file } = await benchBundle(route.name, route.entry, out);
      expect(readFileSync(file, 'utf8') === bundle).toBe(true);
      const forms = HTTP_ROUTES.find((r) => r.name === 'dossiers-form')!;
      const bench = await benchBundle(forms.name, forms.entry, out);
      expect(readFileSync(bench.file, 'utf8') === readFileSync(join(formsFolder, 'index.mjs'), 'utf8')).toBe(true);
      expect(readFileSync(bench.side!.file, 'utf8') === readFileSync(join(formsFolder, SIDE_BUNDLES[forms.name]!.file), 'utf8')).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('bundles the AWS SDK and every other dependency: only Node built-ins are left to load at run time', () => {
    const isBuiltin = (m: string) => m.startsWith('node:') || builtinModules.includes(m);
    const imports = [...bundle.matchAll(/(?:^|[;\n])\s*import\s*(?:[\w{}\s,*$]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]!);
    // (Error messages quote "[require('@aws-sdk/…')]"; those are text, not calls.)
    const requires = [...bundle.matchAll(/(?<!\[)\b(?:__)?require\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
    expect(imports).toContain('module');
    expect([...imports, ...requires].filter((m) => !isBuiltin(m))).toEqual([]);
    expect(bundle).toContain('DynamoDBClient');
  });

  it('is minified and small enough to start fast', () => {
    const bytes = statSync(join(folder, 'index.mjs')).size;
    expect(Math.max(...bundle.split('\n').map((l) => l.length))).toBeGreaterThan(10_000);
    expect(bytes).toBeLessThan(2_000_000);
  });

  it('ships the fonts the PDFs embed beside the forms function, and nothing beside the others', () => {
    const shipped = SHIPPED_FILES['dossiers-form']!.map((f) => basename(f));
    expect(
      readdirSync(formsFolder)
        .filter((f) => f.endsWith('.ttf'))
        .sort(),
    ).toEqual([...shipped].sort());
    for (const file of shipped)
      expect(statSync(join(formsFolder, file)).size).toBe(statSync(SHIPPED_FILES['dossiers-form']!.find((f) => f.endsWith(file))!).size);
    expect(readdirSync(folder).filter((f) => f.endsWith('.ttf'))).toEqual([]);
  });

  it("keeps the PDF renderer out of the forms function's cold start: in pdf.mjs beside it, which it imports for a PDF only", () => {
    const forms = readFileSync(join(formsFolder, 'index.mjs'), 'utf8');
    const renderer = readFileSync(join(formsFolder, 'pdf.mjs'), 'utf8');
    expect(forms).not.toContain('PDFDocument');
    expect(forms).toContain('"./pdf.mjs"');
    expect(renderer).toContain('PDFDocument');
    expect(renderer.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
  });

  it('writes the OpenAPI document beside the openapi function when bundling, and leaves its generator out of the bundle', async () => {
    expect(readFileSync(join(contractFolder, GENERATED_FILES.openapi!.file), 'utf8') === JSON.stringify(openApiDocument())).toBe(true);
    const contract = readFileSync(join(contractFolder, 'index.mjs'), 'utf8');
    expect(contract).toContain('"./openapi.json"');
    expect(contract).not.toContain('toJSONSchema');
    const out = mkdtempSync(join(tmpdir(), 'mot-cua-bench-bundle-'));
    try {
      const bench = await benchBundle('openapi', 'functions/http/openapi.ts', out);
      expect(readFileSync(bench.file, 'utf8') === contract).toBe(true);
      expect(readFileSync(join(dirname(bench.file), 'openapi.json'), 'utf8') === readFileSync(join(contractFolder, 'openapi.json'), 'utf8')).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);

  it('loads as ESM in Node and exports the handler (CommonJS dependencies work through the banner)', async () => {
    const module = (await import(pathToFileURL(join(folder, 'index.mjs')).href)) as { handler?: unknown };
    expect(typeof module.handler).toBe('function');
  });

  it("compiles the province's signing configuration into a signing function's code, which reads it with nothing in the environment", async () => {
    const code = readFileSync(join(signingFolder, 'index.mjs'), 'utf8');
    for (const line of [
      ...SIGNING.trustAnchors.split('\n'),
      SIGNING.tsaUrl,
      'arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ])
      expect(code).toContain(line);
    expect(bundle).not.toContain(SIGNING.tsaUrl);
    // The same defines over the module that reads it, run with no signing variable set.
    const out = mkdtempSync(join(tmpdir(), 'mot-cua-signing-config-'));
    const saved = { ...process.env };
    try {
      await esbuild({
        entryPoints: [join(process.cwd(), 'shared/adapters/signing/providers.ts')],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: BUNDLING.target,
        banner: { js: BUNDLING.banner },
        define: compiledInDefines({ [SIGNING_CONFIG_CONSTANT]: SIGNING }),
        outfile: join(out, 'providers.mjs'),
        logLevel: 'warning',
      });
      for (const name of Object.keys(process.env)) if (name.startsWith('SIGNING_')) delete process.env[name];
      const providers = (await import(pathToFileURL(join(out, 'providers.mjs')).href)) as typeof import('../../shared/adapters/signing/providers.js');
      expect(providers.tsaUrl()).toBe(SIGNING.tsaUrl);
      expect(providers.trustAnchors().map((der) => Buffer.from(der).toString('base64'))).toEqual(
        certificatesOfPem(SIGNING.trustAnchors).map((der) => der.toString('base64')),
      );
      expect(await providers.providerNamed('kms-seal').credentials('anyone')).toEqual([
        (SIGNING.providers['kms-seal'] as { keys: { keyArn: string }[] }).keys[0]!.keyArn,
      ]);
      expect(() => providers.providerNamed('vnpt-ca')).not.toThrow();
    } finally {
      process.env = saved;
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
