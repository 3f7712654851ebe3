import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HTTP_ROUTES, QUEUE_CONSUMERS, SCHEDULES } from '../../shared/http/routes.js';
import { bundle } from '../../scripts/lib/bundles.js';

/**
 * Every function bundled as `cdk synth` bundles it, against the size budget. The AWS SDK v3 is
 * bundled (its version pinned by the lock file) and alone weighs about 330 KB minified, more
 * than the 250 KB budget: the budget therefore holds for everything else — our code and every
 * other dependency — and the whole bundle has a ceiling of its own.
 */
const BUDGET_WITHOUT_SDK = 250 * 1024;
const CEILING = 500 * 1024;
const out = mkdtempSync(join(tmpdir(), 'mot-cua-bundles-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('function bundles', () => {
  it('stay within the size budget', async () => {
    const entries = [...HTTP_ROUTES, ...QUEUE_CONSUMERS, ...SCHEDULES, { name: 'pre-token', entry: 'functions/identity/pre-token.ts' }];
    const rows: { name: string; total: number; sdk: number }[] = [];
    for (const { name, entry } of entries) {
      const { bytes, parts } = await bundle(name, entry, out);
      rows.push({ name, total: bytes, sdk: parts.find((p) => p.origin === 'AWS SDK v3')?.bytes ?? 0 });
    }

    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
    console.log(['function bundles (total | AWS SDK | rest)', ...rows.map((r) => `${r.name.padEnd(28)}${kb(r.total)}${kb(r.sdk)}${kb(r.total - r.sdk)}`)].join('\n'));
    expect(rows.filter((r) => r.total - r.sdk > BUDGET_WITHOUT_SDK)).toEqual([]);
    expect(rows.filter((r) => r.total > CEILING)).toEqual([]);
  }, 180_000);
});
