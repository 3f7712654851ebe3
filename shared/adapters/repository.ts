import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { OfficeHours, YearCalendar } from '../domain/calendar.js';
import type { Commune, Dossier, Procedure, Status, Step } from '../domain/model.js';
import { dynamo, tableName } from './aws.js';
import { dossierFromItem, dossierItem, keys, TABLE } from './table.js';

/** Another writer stored a newer version first. */
export class VersionConflict extends Error {
  constructor() {
    super('the dossier was changed by someone else; read it again');
  }
}

export async function getDossier(commune: string, id: string): Promise<Dossier | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.dossier(commune, id), ConsistentRead: true }));
  return Item ? dossierFromItem(Item) : undefined;
}

/** Stores the next version of a dossier, only if the stored one is still `expectedVersion`. */
export async function saveDossier(d: Dossier, expectedVersion: number): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: dossierItem(d),
        ConditionExpression: 'version = :expected',
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict();
    throw error;
  }
}

export interface IdempotencyRecord {
  commune: string;
  client: string;
  key: string;
  bodyHash: string;
  dossierId: string;
  dossierCommune: string;
  /** Kept with the key for its short life, so a replay answers exactly what the first call did. */
  lookupSecret: string;
  expiresAt: number;
}

/**
 * Stores a new dossier. With an idempotency record both are written in one transaction; when the
 * key was used before, the earlier record is answered instead and nothing is written.
 */
export async function createDossier(
  d: Dossier,
  idempotency?: IdempotencyRecord,
): Promise<{ created: true } | { created: false; earlier: IdempotencyRecord }> {
  const put = { TableName: tableName(), Item: dossierItem(d), ConditionExpression: 'attribute_not_exists(PK)' };
  if (!idempotency) {
    await dynamo().send(new PutCommand(put));
    return { created: true };
  }
  const key = keys.idempotency(idempotency.commune, idempotency.client, idempotency.key);
  for (let attempt = 1; ; attempt++) {
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: put },
            { Put: { TableName: tableName(), Item: { ...key, ...idempotency }, ConditionExpression: 'attribute_not_exists(PK)' } },
          ],
        }),
      );
      return { created: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons?.map((r) => r.Code) ?? [];
      // Parallel retries of one submission collide on the key: the loser reads what the winner wrote.
      if (reasons.includes('TransactionConflict') && attempt < MAX_TRANSACTION_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, 20 * attempt));
        continue;
      }
      if (reasons[1] !== 'ConditionalCheckFailed') throw error;
      const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      if (!Item) throw error;
      return { created: false, earlier: Item as IdempotencyRecord };
    }
  }
}

const MAX_TRANSACTION_ATTEMPTS = 5;

export async function findDossierByCode(code: string): Promise<Dossier | undefined> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: 'byCode',
      KeyConditionExpression: 'codePK = :pk',
      ExpressionAttributeValues: { ':pk': keys.codePK(code) },
      Limit: 1,
    }),
  );
  const hit = Items?.[0];
  if (!hit) return undefined;
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: { PK: hit.PK, SK: hit.SK } }));
  return Item ? dossierFromItem(Item) : undefined;
}

export interface DossierFilter {
  status?: Status;
  step?: Step;
  department?: string;
  assignee?: string;
  submittedBy?: string;
}

export type DossierSummary = Pick<
  Dossier,
  'id' | 'code' | 'commune' | 'department' | 'channel' | 'status' | 'step' | 'assignee' | 'submittedAt' | 'submittedBy' | 'dueAt' | 'timeliness' | 'version'
> & { procedureRef: { code: string; name: string } };

/** A page of a commune's worklist; status and step narrow the key, the rest filter. */
export async function listDossiers(
  commune: string,
  filter: DossierFilter,
  limit: number,
  startKey?: Record<string, unknown>,
): Promise<{ items: DossierSummary[]; lastKey?: Record<string, unknown> }> {
  const byAssignee = filter.assignee !== undefined;
  const index = byAssignee ? TABLE.indexes.byAssignee : TABLE.indexes.worklist;
  const prefix = filter.status ? `${filter.status}#${filter.step ? `${filter.step}#` : ''}` : '';
  const values: Record<string, unknown> = {
    ':pk': byAssignee ? keys.assigneePK(commune, filter.assignee!) : keys.worklistPK(commune),
  };
  let condition = `${index.pk} = :pk`;
  if (prefix) {
    condition += ` AND begins_with(${index.sk}, :prefix)`;
    values[':prefix'] = prefix;
  }
  const filters: string[] = [];
  const names: Record<string, string> = {};
  const narrow = (field: 'step' | 'department' | 'submittedBy', value: string | undefined) => {
    if (value === undefined) return;
    filters.push(`#${field} = :${field}`);
    names[`#${field}`] = field;
    values[`:${field}`] = value;
  };
  if (!filter.status) narrow('step', filter.step);
  narrow('department', filter.department);
  narrow('submittedBy', filter.submittedBy);
  const input: QueryCommandInput = {
    TableName: tableName(),
    IndexName: byAssignee ? 'byAssignee' : 'worklist',
    KeyConditionExpression: condition,
    ExpressionAttributeValues: values,
    Limit: limit,
    ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
    ...(startKey ? { ExclusiveStartKey: startKey } : {}),
  };
  const { Items = [], LastEvaluatedKey } = await dynamo().send(new QueryCommand(input));
  const items = Items.map((item) => {
    const { PK: _pk, SK: _sk, worklistPK: _w, worklistSK: _s, assigneePK: _a, ...summary } = item;
    return summary as DossierSummary;
  });
  return LastEvaluatedKey ? { items, lastKey: LastEvaluatedKey } : { items };
}

/** The next number of a unit's daily sequence: an atomic counter, so no two dossiers share a code. */
export async function nextSequence(unit: string, day: string, expiresAt: number): Promise<number> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.sequence(unit, day),
      UpdateExpression: 'ADD #last :one SET expiresAt = :expiresAt',
      ExpressionAttributeNames: { '#last': 'last' },
      ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.last);
}

/** Everything a province configures: communes, office hours, calendars and the catalogue. */
export interface ProvinceConfig {
  code: string;
  name: string;
  officeHours: OfficeHours;
  communes: Commune[];
  calendars: YearCalendar[];
  procedures: Procedure[];
}

export async function loadProvince(province: string): Promise<ProvinceConfig | undefined> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `P#${province}` },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  const bySk = (prefix: string) => items.filter((i) => String(i.SK).startsWith(prefix)).map((i) => i.data);
  const head = items.find((i) => i.SK === 'PROVINCE')?.data as { name: string; officeHours: OfficeHours } | undefined;
  if (!head) return undefined;
  return {
    code: province,
    ...head,
    communes: bySk('COMMUNE#') as Commune[],
    calendars: bySk('CALENDAR#') as YearCalendar[],
    procedures: bySk('PROCEDURE#') as Procedure[],
  };
}

export async function putProvince(province: string, data: { name: string; officeHours: OfficeHours }): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.province(province), data } }));
}

export async function putCommune(commune: Commune): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.commune(commune.province, commune.code), data: commune } }));
}

export async function putCalendar(province: string, calendar: YearCalendar): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.calendar(province, calendar.year), data: calendar } }));
}

/** Another administrator published a version of the procedure first. */
export class CatalogueConflict extends Error {}

/** Publishes a new version of a procedure; earlier versions stay on record. */
export async function putProcedure(province: string, procedure: Omit<Procedure, 'version'>, previousVersion: number): Promise<Procedure> {
  const next: Procedure = { ...procedure, version: previousVersion + 1 };
  await dynamo()
    .send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName(),
            Item: { ...keys.procedure(province, procedure.code), data: next, version: next.version },
            ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :previous',
            ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':previous': previousVersion } }),
          },
        },
        { Put: { TableName: tableName(), Item: { ...keys.procedureVersion(province, procedure.code, next.version), data: next } } },
      ],
    }),
  )
    .catch((error: unknown) => {
      if (error instanceof TransactionCanceledException) throw new CatalogueConflict(`procedure ${procedure.code} changed meanwhile`);
      throw error;
    });
  return next;
}
