import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CLIENT_TYPES_FILE, clientTypes } from '../../scripts/lib/client-types.js';

describe('the generated client', () => {
  it('has the types of the current contract checked in (else run npm run client)', async () => {
    expect(readFileSync(CLIENT_TYPES_FILE, 'utf8') === (await clientTypes()), `${CLIENT_TYPES_FILE} is stale: run npm run client`).toBe(true);
  }, 30_000);

  it('bundles for a browser: no Node module in its import graph', async () => {
    const result = await build({ entryPoints: ['shared/client/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/from\s*["']node:/);
  });
});
