import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../shared/http/openapi.js';

/** Spectral's findings on a document, with the repository's ruleset (.spectral.yaml). */
async function lint(document: object): Promise<{ code: string; severity: number; path: (string | number)[] }[]> {
  const file = join(mkdtempSync(join(tmpdir(), 'spectral-')), 'openapi.json');
  writeFileSync(file, JSON.stringify(document));
  const { stdout } = await promisify(execFile)('npx', ['spectral', 'lint', file, '-r', '.spectral.yaml', '-f', 'json', '-q', '--fail-severity', 'hint'], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(stdout);
}

const ERROR = 0;

describe('the contract under the OWASP API Security ruleset (Spectral)', () => {
  it(
    'has no error: every request string, array and integer bounded and typed, no credential in a URL but the deprecated GETs',
    { timeout: 120_000 },
    async () => {
      const errors = (await lint(openApiDocument())).filter((f) => f.severity === ERROR).map((f) => `${f.code} ${f.path.join('/')}`);
      expect(errors).toEqual([]);
    },
  );

  it(
    'still holds requests to it: an unbounded string, an unbounded array, an integer without format, a secret in the query',
    { timeout: 120_000 },
    async () => {
      const document = openApiDocument();
      const probe = {
        ...document,
        paths: {
          '/probe/{id}': {
            post: {
              operationId: 'probe',
              parameters: [
                { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
                { name: 'secret', in: 'query', required: true, schema: { type: 'string', maxLength: 10 } },
              ],
              requestBody: {
                content: { 'application/json': { schema: { type: 'object', properties: { tags: { type: 'array', items: { type: 'integer' } } } } } },
              },
              responses: { 204: { description: 'No content' } },
            },
          },
        },
      };
      const codes = (await lint(probe)).filter((f) => f.severity === ERROR && f.path[1] === '/probe/{id}').map((f) => f.code);
      expect(codes).toEqual(
        expect.arrayContaining([
          'owasp:api4:2023-string-limit',
          'owasp:api4:2023-array-limit',
          'owasp:api4:2023-integer-format',
          'owasp:api2:2023-no-credentials-in-url',
        ]),
      );
    },
  );
});
