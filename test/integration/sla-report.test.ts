import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../infra/local/lambda-context.js';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import type { Dossier } from '../../shared/domain/model.js';
import { dossierItem } from '../../shared/adapters/dossier-item.js';
import { procedure, Story } from '../domain/fixtures.js';
import { startTestRuntime } from '../support/local.js';

/**
 * The daily report reads the sparse index of open dossiers: the items it reads follow the open
 * set and not the closed dossiers, however many there are.
 */
let runtime: LocalRuntime;
let documents: DynamoDBDocumentClient;

async function seed(commune: string, open: number, closed: number): Promise<void> {
  const openTemplate = Story.submit().to('APPRAISAL').dossier;
  const closedTemplate = Story.submit().to('RETURNED').dossier;
  const clone = (template: Dossier, i: number): Record<string, unknown> =>
    dossierItem({ ...template, id: randomUUID(), commune, receivingUnit: commune, code: `${commune}-260302-${String(i + 1).padStart(4, '0')}` });
  const items = [
    ...Array.from({ length: open }, (_, i) => clone(openTemplate, i)),
    ...Array.from({ length: closed }, (_, i) => clone(closedTemplate, open + i)),
  ];
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
      [runtime.tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
    };
    while (request && Object.keys(request).length) {
      request = (await documents.send(new BatchWriteCommand({ RequestItems: request }))).UnprocessedItems as typeof request;
    }
  }
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  documents = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.TEST_DYNAMODB_ENDPOINT }));
  // Dossiers refer to their catalogue version: the stories' procedure is published first.
  const { putProcedure } = await import('../../shared/adapters/province-config.js');
  const { version: _version, ...published } = procedure();
  await putProcedure('LCI', published, 0);
});

afterAll(async () => {
  await runtime?.stop();
});

describe('the SLA report', () => {
  it('reads as many items with 20× the closed dossiers, for the same open set', async () => {
    // Prepare: the same 10 open dossiers in two communes; 30 closed in one, 600 in the other
    await seed('H30.03', 10, 30);
    await seed('H30.04', 10, 600);

    // Act
    const { handler } = await import('../../functions/schedules/sla-report.js');
    const [run] = await handler({ force: true }, lambdaContext('sla-report'));
    const of = (commune: string) => run!.communes.find((c) => c.commune === commune)!;

    // Assess
    console.log(`SLA report items read: ${of('H30.03').itemsRead} with 40 dossiers, ${of('H30.04').itemsRead} with 610 (10 open each)`);
    expect(of('H30.03')).toMatchObject({ openDossiers: 10 });
    expect(of('H30.04')).toMatchObject({ openDossiers: 10 });
    expect(of('H30.04').itemsRead).toBe(of('H30.03').itemsRead);
    expect(of('H30.04').itemsRead).toBeLessThanOrEqual(2 * 10);
    // Seeding 650 dossiers takes most of it, and longer while other test files share the cores.
  }, 120_000);
});
