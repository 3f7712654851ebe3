/**
 * Golden items: every kind of stored item as DynamoDB holds it (test/fixtures/stored/
 * <kind>-f<format>.json: the attribute values as `aws dynamodb get-item` prints them, binary in
 * base64, and what the application reads from them), written once by the code of that format and
 * never made again. Each is put into a table as it is and read back through the adapters, so a
 * change of encoding that would leave stored items unreadable fails here. A new format adds files
 * beside these; none is rewritten.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BODY_DICTIONARIES, decodeBody } from '../../shared/adapters/dossier-body.js';
import { currentFormat, FORMAT, formatOf, ITEM_KINDS, kindOf, type ItemKindName } from '../../shared/adapters/formats.js';
import { formOf, type ControlSheetForm } from '../../shared/domain/forms.js';
import { verifyHistory } from '../../shared/domain/history-chain.js';
import type { Dossier } from '../../shared/domain/model.js';
import { layoutForm } from '../../shared/http/pdf/layout.js';
import { renderFormPdf } from '../../shared/http/pdf/render.js';
import { localTable } from '../support/table.js';

interface Golden {
  file: string;
  kind: ItemKindName;
  format: number;
  item: Record<string, AttributeValue>;
  reads: any;
}

const folder = join(import.meta.dirname, '../fixtures/stored');

/** A fixture's attribute values as the SDK sends them: base64 text back to bytes. */
function attributeValue(value: any): any {
  if (value.B !== undefined) return { B: Buffer.from(value.B, 'base64') };
  if (value.M) return { M: Object.fromEntries(Object.entries(value.M).map(([k, v]) => [k, attributeValue(v)])) };
  if (value.L) return { L: value.L.map(attributeValue) };
  return value;
}

const goldens: Golden[] = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => {
    const { kind, format, item, reads } = JSON.parse(readFileSync(join(folder, file), 'utf8'));
    return { file, kind, format, item: Object.fromEntries(Object.entries(item).map(([k, v]) => [k, attributeValue(v)])), reads };
  });
const golden = (kind: ItemKindName, format = 1) => goldens.find((g) => g.kind === kind && g.format === format)!;

let client: DynamoDBClient;
let tableName: string;

beforeAll(async () => {
  ({ client, tableName } = await localTable('it-formats'));
});

afterAll(() => client?.destroy());

const s = (g: Golden, name: string) => g.item[name]!.S!;

/**
 * The adapters, loaded afresh (their caches empty, so each read decodes the stored item), and
 * how each kind is read with them: what the application reads of the golden item.
 */
async function readers(): Promise<Record<ItemKindName, (g: Golden) => Promise<unknown>>> {
  vi.resetModules();
  const repository = await import('../../shared/adapters/repository.js');
  const config = await import('../../shared/adapters/province-config.js');
  const keys = await import('../../shared/adapters/keys.js');
  const sync = await import('../../shared/adapters/national-sync.js');
  const messages = await import('../../shared/adapters/messages.js');
  const audit = await import('../../shared/adapters/audit.js');
  const reports = await import('../../shared/adapters/reports.js');
  const webhooks = await import('../../shared/adapters/webhooks.js');
  const migrate = await import('../../scripts/migrate.js');
  const aggregates = await import('../../shared/adapters/aggregates.js');
  const receipts = await import('../../shared/adapters/receipts.js');
  const paymentRequests = await import('../../shared/adapters/payment-requests.js');
  /** `C#<commune>#D#<id>` → [commune, id] */
  const dossierOf = (g: Golden) => s(g, 'PK').slice(2).split('#D#') as [string, string];
  const province = async (g: Golden) => (await config.loadProvince(s(g, 'PK').slice(2)))!;
  return {
    dossier: (g) => repository.getDossier(...dossierOf(g)),
    nationalSync: (g) => sync.getSyncState(...dossierOf(g)),
    message: async (g) => (await messages.listMessages(...dossierOf(g)))[0],
    idempotency: async (g) => {
      const record = { ...g.reads, bodyHash: 'another request' };
      const answer = await repository.createDossier(golden('dossier', 2).reads as Dossier, record);
      return answer.created ? 'created' : answer.earlier;
    },
    sequence: async (g) => {
      const [unit, day] = s(g, 'PK').slice(2).split('#SEQUENCE#') as [string, string];
      return { next: await repository.nextSequence(unit, day, Number(g.item.expiresAt!.N)) };
    },
    province: async (g) => {
      const { name, officeHours, reportRecipients } = await province(g);
      return { name, officeHours, reportRecipients };
    },
    commune: async (g) => (await province(g)).communes.find((c) => c.code === g.reads.code),
    calendar: async (g) => (await province(g)).calendars.find((c) => c.year === g.reads.year),
    signer: async (g) => (await province(g)).signers?.find((r) => r.commune === g.reads.commune && r.role === g.reads.role),
    communeProcedure: async (g) => (await province(g)).overrides.find((o) => o.commune === g.reads.commune && o.code === g.reads.code),
    procedure: async (g) => (await province(g)).procedures.find((p) => p.code === g.reads.code),
    procedureVersion: async (g) => {
      await province(g);
      return config.knownVersion({ province: s(g, 'PK').slice(2), code: g.reads.code, version: g.reads.version });
    },
    provinceKey: (g) => keys.existingLookupKey(s(g, 'PK').slice(2).split('#')[0]!),
    webhook: (g) => webhooks.getWebhook(g.reads.province, g.reads.client, g.reads.name),
    delivery: (g) => {
      const [atMs, eventId] = s(g, 'SK').split('#') as [string, string];
      const [, province, , client, , name] = s(g, 'PK').split('#') as string[];
      return webhooks.getDelivery({ province: province!, client: client!, name: name! }, Number(atMs), eventId);
    },
    audit: async (g) => (await audit.auditTrail(g.reads.commune, g.reads.dossierId, 10)).items[0],
    slaReport: (g) => reports.getSlaReport(g.reads.commune, g.reads.date),
    digest: (g) => {
      const [date, scope] = s(g, 'SK').split('#') as [string, string];
      return reports.digestSent(s(g, 'PK').split('#')[1]!, scope, date);
    },
    backfillCheckpoint: (g) => migrate.readCheckpoint(s(g, 'SK')),
    aggregate: async (g) => {
      const { items } = await aggregates.communeAggregates(s(g, 'PK').split('#')[1]!, { from: s(g, 'SK'), to: s(g, 'SK') });
      return Object.fromEntries(items);
    },
    counted: (g) => aggregates.countedOf(...dossierOf(g)),
    receiptBook: async (g) => {
      const [, commune, , series, year] = s(g, 'PK').split('#') as string[];
      return { last: await receipts.lastReceiptNumber(commune!, series!, year!) };
    },
    outgoingRegister: async (g) => {
      const [, commune, , year] = s(g, 'PK').split('#') as string[];
      return { last: await receipts.lastRegisterNumber(commune!, year!) };
    },
    receipt: async (g) => (await receipts.receiptsIssued(g.reads.commune, g.reads.issuedAt.slice(0, 10), g.reads.issuedAt.slice(0, 10)))[0],
    paymentRequest: (g) => paymentRequests.getPaymentRequest(g.reads.province, g.reads.reference),
    refundDue: (g) => paymentRequests.getRefundDue(g.reads.commune, g.reads.reference),
  };
}

const put = (item: Record<string, AttributeValue>) => client.send(new PutItemCommand({ TableName: tableName, Item: item }));

describe('golden stored items', () => {
  it('there is one of every kind in its current format, and its key says its kind', () => {
    for (const kind of Object.keys(ITEM_KINDS) as ItemKindName[]) {
      expect(golden(kind, currentFormat(kind)), `${kind} in format ${currentFormat(kind)}`).toBeDefined();
    }
    for (const g of goldens) {
      const item = { PK: s(g, 'PK'), SK: s(g, 'SK'), [FORMAT]: g.item[FORMAT]?.N };
      expect(kindOf(item), g.file).toBe(g.kind);
      expect(formatOf(item), g.file).toBe(g.format);
      expect(g.file).toBe(`${g.kind}-f${g.format}.json`);
    }
    expect(golden('dossier', 1).item[FORMAT], 'a dossier of format 1 was stored before formats were named').toBeUndefined();
  });

  it('each reads back as what was stored, the dossier equal to the dossier that made it', async () => {
    for (const g of goldens) await put(g.item);
    const read = await readers();
    for (const g of goldens) await expect(read[g.kind](g), g.file).resolves.toEqual(g.reads);
  });

  it('items of format 1 read the same without naming it, as they were stored before formats were named', async () => {
    const unnamed = goldens.filter((g) => g.format === 1 && g.item[FORMAT]);
    for (const g of unnamed) {
      const { [FORMAT]: _format, ...item } = g.item;
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: { PK: g.item.PK!, SK: g.item.SK! } }));
      await put(item);
    }
    const read = await readers();
    for (const g of unnamed) await expect(read[g.kind](g), g.file).resolves.toEqual(g.reads);
  });

  it('a dossier stored before tokens carried names prints its accounts; one stored with names prints the names', async () => {
    for (const format of [2, 3]) await put(golden('dossier', format).item);
    const read = await readers();
    const controlSheet = async (format: number) => formOf((await read.dossier(golden('dossier', format))) as Dossier, '06') as ControlSheetForm;

    expect((await controlSheet(2)).steps.map((s) => s.actor)).toEqual(['reception-tp', 'head-cs', 'spec-cs', 'head-cs', 'leader-1', 'clerk-1']);
    expect((await controlSheet(3)).steps.map((s) => s.actor)).toEqual([
      'reception-tp',
      'Tao Thị Mai',
      'Lù Thị Lan',
      'Tao Thị Mai',
      'Trần Văn Bình',
      'Phạm Thị Hằng',
    ]);
    expect(verifyHistory((await read.dossier(golden('dossier', 3))) as Dossier).valid).toBe(true);
    // Stored before results were signed: the sheet names no signature, and still prints.
    for (const format of [2, 3]) {
      const sheet = await controlSheet(format);
      expect(sheet).not.toHaveProperty('signatures');
      const printed = await renderFormPdf(layoutForm(sheet, { province: 'Lai Châu', communes: [] }));
      expect(printed.subarray(0, 5).toString()).toBe('%PDF-');
    }
  });

  it('an item of a format newer than the code is refused, not misread', async () => {
    const g = golden('webhook');
    await put({ ...g.item, [FORMAT]: { N: String(currentFormat('webhook') + 1) } });
    const read = await readers();
    await expect(read.webhook(g)).rejects.toThrow(/newer than this code reads/);
  });
});

describe('the dossier body dictionaries', () => {
  const body = () => golden('dossier', 2).item.b!.B!;

  it('are pinned: a dictionary once used is never changed, only added to', () => {
    const digests = Object.fromEntries(Object.entries(BODY_DICTIONARIES).map(([n, d]) => [n, createHash('sha256').update(d).digest('hex')]));
    expect(digests).toEqual({ 1: '299df349aac7ec80a4be04386a5f332a73e39bffe5f58e8a1f74cb83285ab500' });
  });

  it('a dictionary changed in one byte no longer reads the golden body', () => {
    const dictionary = Buffer.from(BODY_DICTIONARIES[1]!);
    // A byte of a name every body spells, which deflate takes from the dictionary.
    const at = dictionary.indexOf('"lookupSecretHash"') + 3;
    dictionary[at] = dictionary[at]! ^ 0x20;
    const read = (dictionaries: typeof BODY_DICTIONARIES) => {
      try {
        return decodeBody(body(), dictionaries);
      } catch (error) {
        return error;
      }
    };
    expect(read(BODY_DICTIONARIES)).toMatchObject({ lookupSecretHash: golden('dossier', 2).reads.lookupSecretHash });
    expect(read({ 1: dictionary })).not.toEqual(read(BODY_DICTIONARIES));
  });

  it('a body names its dictionary; one this code does not have is refused', () => {
    expect(body()[0]).toBe(1);
    const unknown = Buffer.from(body());
    unknown[0] = 9;
    expect(() => decodeBody(unknown)).toThrow(/dictionary 9/);
  });
});
