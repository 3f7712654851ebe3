import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { FormData } from '../../shared/domain/forms.js';
import type { Procedure } from '../../shared/domain/model.js';
import type { SlaReport } from '../../shared/domain/reports.js';
import type { Statistics } from '../../shared/domain/statistics.js';
import { openApiDocument } from '../../shared/http/openapi.js';
import type { procedureAnswer } from '../../shared/http/answers/catalogue.js';
import type { formAnswer } from '../../shared/http/answers/forms.js';
import type { slaReportAnswer, statisticsAnswer } from '../../shared/http/answers/reports.js';
import { HTTP_ROUTES } from '../../shared/http/routes.js';

const document = openApiDocument();
const out = mkdtempSync(join(tmpdir(), 'mot-cua-contract-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Schema = { $ref?: string; type?: string; properties?: object; oneOf?: Schema[] };
const schemas = document.components.schemas as Record<string, Schema>;
const resolve = (s: Schema): Schema => (s.$ref ? resolve(schemas[s.$ref.replace('#/components/schemas/', '')]!) : s);
const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(
    methods as Record<string, { operationId: string; tags: string[]; responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>,
  ).map(([method, op]) => ({ path, method, ...op })),
);

describe('the OpenAPI document', () => {
  it('documents every route once, with an operation id and a tag', () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(HTTP_ROUTES.map((r) => r.name).sort());
    const tags = document.tags.map((t) => t.name);
    for (const op of operations) expect(tags, op.operationId).toEqual(expect.arrayContaining(op.tags));
  });

  it('gives every JSON success answer a schema with properties', () => {
    const answers = operations.flatMap((op) =>
      Object.entries(op.responses)
        // 204 (a webhook or an official removed) is the one success without content.
        .filter(([status]) => status.startsWith('2') && status !== '204')
        .map(([status, r]) => ({ at: `${op.operationId} ${status}`, schema: r.content?.['application/json']?.schema })),
    );
    expect(answers.length).toBeGreaterThanOrEqual(HTTP_ROUTES.length - 2);
    expect(operations.filter((op) => op.responses['204']).map((op) => [op.operationId, op.responses['204']!.content])).toEqual([
      ['officials-delete', undefined],
      ['webhooks-delete', undefined],
    ]);
    for (const { at, schema } of answers) {
      expect(schema, at).toBeDefined();
      const resolved = resolve(schema!);
      // The one list answered bare, as the contract gives it: a file's signatures, at most a few.
      if (at === 'attachments-signatures 200') {
        expect(Object.keys(resolve((resolved as { items: typeof schema }).items!).properties ?? {}), at).toContain('role');
        continue;
      }
      const variants = resolved.oneOf ? resolved.oneOf.map(resolve) : [resolved];
      for (const v of variants) expect(Object.keys(v.properties ?? {}).length, at).toBeGreaterThan(0);
    }
  });

  it("passes Redocly's recommended rules without an error or a warning", async () => {
    const file = join(out, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const run = promisify(execFile);
    const { stdout } = await run(join('node_modules', '.bin', 'redocly'), ['lint', '--extends', 'recommended', '--format', 'json', file], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((error: { stdout: string }) => ({ stdout: error.stdout }));
    const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);
});

describe('the answers the domain builds', () => {
  it('have the types of their schemas (checked by tsc)', () => {
    expectTypeOf<FormData>().toExtend<z.output<typeof formAnswer>>();
    expectTypeOf<SlaReport>().toExtend<z.output<typeof slaReportAnswer>>();
    expectTypeOf<Statistics & { province: string }>().toExtend<z.output<typeof statisticsAnswer>>();
    expectTypeOf<Procedure>().toExtend<z.output<typeof procedureAnswer>>();
  });
});
