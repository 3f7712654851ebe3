import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { OfficeHours, YearCalendar } from '../domain/calendar.js';
import { CatalogueConflict, VersionConflict } from '../domain/conflicts.js';
import type { Commune, Dossier, Procedure } from '../domain/model.js';
import type { IdempotencyRecord } from '../domain/idempotency.js';
import type { ProvinceConfig } from '../domain/province.js';
import { summaryOf, type DossierFilter, type DossierSummary, type PagePosition } from '../domain/worklist.js';
import { dynamo, tableName } from './aws.js';
import { ATTRIBUTES, dossierFromItem, dossierItem, keys, parseProcedureRef, storedDossierOf, summaryOfItem, tableKey, WORKLIST_ORDER } from './table.js';

export { CatalogueConflict, VersionConflict };

/**
 * Published catalogue versions, which never change: each is kept for the life of the process
 * once read. Loading a province fills it (its partition holds every version), so a dossier read
 * after its province's configuration finds its procedure without a read of its own.
 */
const procedureVersions = new Map<string, Procedure>();
const versionKey = (province: string, code: string, version: number) => `${province}/${code}/${version}`;

/** Makes sure the catalogue versions are known; those not yet are read, one alone or all in one batch. */
async function knowVersions(refs: { province: string; code: string; version: number }[]): Promise<void> {
  const missing = new Map<string, { PK: string; SK: string }>();
  for (const r of refs) {
    const key = versionKey(r.province, r.code, r.version);
    if (!procedureVersions.has(key)) missing.set(key, keys.procedureVersion(r.province, r.code, r.version));
  }
  const [only] = missing.size === 1 ? [...missing] : [];
  if (only) {
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: only[1] }));
    if (Item) procedureVersions.set(only[0], Item.data as Procedure);
  } else if (missing.size > 1) {
    for (const item of await batchGetItems([...missing.values()])) {
      const p = item.data as Procedure;
      procedureVersions.set(versionKey(String(item.PK).slice(2), p.code, p.version), p);
    }
  }
}

/** The dossiers of stored items with their procedures. */
async function dossiersOf(items: Record<string, unknown>[]): Promise<Dossier[]> {
  const stored = items.map((item) => ({ item, dossier: storedDossierOf(item) }));
  await knowVersions(stored.map(({ dossier: d }) => ({ province: d.province, ...d.procedure })));
  return stored.map(({ item, dossier: d }) => {
    const procedure = procedureVersions.get(versionKey(d.province, d.procedure.code, d.procedure.version));
    if (!procedure) throw new Error(`dossier ${d.id} refers to ${d.procedure.code} v${d.procedure.version}, which is not in the catalogue of ${d.province}`);
    return dossierFromItem(item, procedure);
  });
}

/** The dossier of an image the stream gave (an event carries it), with its procedure from the catalogue. */
export async function withProcedure(image: Omit<Dossier, 'procedure'> & { procedure: { code: string; version: number } }): Promise<Dossier> {
  await knowVersions([{ province: image.province, ...image.procedure }]);
  const procedure = procedureVersions.get(versionKey(image.province, image.procedure.code, image.procedure.version));
  if (!procedure)
    throw new Error(`dossier ${image.id} refers to ${image.procedure.code} v${image.procedure.version}, which is not in the catalogue of ${image.province}`);
  return { ...image, procedure };
}

/** A dossier by its key; strongly consistent unless `consistent` is false (half the read units, possibly an earlier version). */
export async function getDossier(commune: string, id: string, consistent = true): Promise<Dossier | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.dossier(commune, id), ConsistentRead: consistent }));
  return Item ? (await dossiersOf([Item]))[0] : undefined;
}

/** Stores the next version of a dossier, only if the stored one is still `expectedVersion`. */
export async function saveDossier(d: Dossier, expectedVersion: number): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: dossierItem(d),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': ATTRIBUTES.version },
        ExpressionAttributeValues: { ':expected': expectedVersion },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict();
    throw error;
  }
}

/**
 * Stores a new dossier, if no dossier has its id. With an idempotency record, the record is
 * written first: a second request with the same key finds it and is answered from it (the caller
 * then makes sure the dossier it names exists, which also repairs a crash between the two puts).
 * No transaction: a create costs single writes.
 */
export async function createDossier(d: Dossier, idempotency?: IdempotencyRecord): Promise<{ created: true } | { created: false; earlier: IdempotencyRecord }> {
  if (idempotency) {
    const key = keys.idempotency(idempotency.commune, idempotency.client, idempotency.key);
    try {
      await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...key, ...idempotency }, ConditionExpression: 'attribute_not_exists(PK)' }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      if (!Item) throw error;
      return { created: false, earlier: Item as IdempotencyRecord };
    }
  }
  // With a key, a retry of this very request may have written the dossier first (see the create handler).
  if (!(await putDossierIfAbsent(d)) && !idempotency) throw new Error(`a dossier ${d.id} exists already`);
  return { created: true };
}

/** Writes a dossier unless one with its id exists; true when this call wrote it. */
export async function putDossierIfAbsent(d: Dossier): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand({ TableName: tableName(), Item: dossierItem(d), ConditionExpression: 'attribute_not_exists(PK)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Items by table key (BatchGetItem, 100 keys a call, unprocessed keys asked again); eventually consistent, in no order. */
export async function batchGetItems(tableKeys: { PK: string; SK: string }[]): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < tableKeys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [tableName()]: { Keys: tableKeys.slice(i, i + 100) } };
    while (request && Object.keys(request).length) {
      const answer = await dynamo().send(new BatchGetCommand({ RequestItems: request }));
      items.push(...(answer.Responses?.[tableName()] ?? []));
      request = answer.UnprocessedKeys as typeof request;
    }
  }
  return items;
}

/** Dossiers by table key, in the order given (missing ones left out); eventually consistent. */
export async function getDossiers(tableKeys: { PK: string; SK: string }[]): Promise<Dossier[]> {
  const found = new Map((await dossiersOf(await batchGetItems(tableKeys))).map((d) => [keys.dossier(d.commune, d.id).PK, d]));
  return tableKeys.flatMap((k) => found.get(k.PK) ?? []);
}

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
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: tableKey(hit) }));
  return Item ? (await dossiersOf([Item]))[0] : undefined;
}

/** Where a worklist page ends: the status partition it was in, and the key to go on from. */
export interface WorklistPosition extends PagePosition {
  status: number;
  key?: Record<string, unknown>;
}

/**
 * A page of a commune's worklist. Each status is its own partition of the worklist index, so a
 * status filter reads only that status; without one the page walks the statuses in order. Step,
 * department and submitter filter within a partition. An assignee's list reads the sparse
 * byAssignee index (open dossiers only).
 */
export async function listDossiers(
  commune: string,
  filter: DossierFilter,
  limit: number,
  from?: WorklistPosition,
): Promise<{ items: DossierSummary[]; next?: WorklistPosition }> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  const narrow = (field: 'status' | 'step' | 'department' | 'submittedBy', value: string | undefined) => {
    if (value === undefined) return;
    filters.push(`#${field} = :${field}`);
    names[`#${field}`] = ATTRIBUTES[field];
    values[`:${field}`] = value;
  };
  const query = async (index: string, keyCondition: string, keyValues: Record<string, unknown>, max: number, startKey?: Record<string, unknown>) =>
    dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: index,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeValues: { ...keyValues, ...values },
        Limit: max,
        ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );

  narrow('step', filter.step);
  narrow('department', filter.department);
  narrow('submittedBy', filter.submittedBy);
  if (filter.assignee !== undefined) {
    narrow('status', filter.status);
    // Keys only in this index: the page is read from the table, and filtered there too.
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: 'byAssignee',
        KeyConditionExpression: 'assigneePK = :pk',
        ExpressionAttributeValues: { ':pk': keys.assigneePK(commune, filter.assignee) },
        Limit: limit,
        ...(from?.key ? { ExclusiveStartKey: from.key } : {}),
      }),
    );
    const items = (await getDossiers((page.Items ?? []).map(tableKey)))
      .filter((d) => (['status', 'step', 'department', 'submittedBy'] as const).every((f) => filter[f] === undefined || d[f] === filter[f]))
      .map(summaryOf);
    return page.LastEvaluatedKey ? { items, next: { status: 0, key: page.LastEvaluatedKey } } : { items };
  }

  const statuses = filter.status ? [filter.status] : WORKLIST_ORDER;
  const items: DossierSummary[] = [];
  let position: WorklistPosition | undefined = from ?? { status: 0 };
  while (position && position.status < statuses.length && items.length < limit) {
    const page = await query(
      'worklist',
      'worklistPK = :pk',
      { ':pk': keys.worklistPK(commune, statuses[position.status]!) },
      limit - items.length,
      position.key,
    );
    const summaries = (page.Items ?? []).map(summaryOfItem);
    const refs = summaries.map((x) => parseProcedureRef(x.procedureRef));
    await knowVersions(refs);
    for (const [i, summary] of summaries.entries()) {
      const { province, code, version } = refs[i]!;
      const procedure = procedureVersions.get(versionKey(province, code, version));
      if (!procedure) throw new Error(`dossier ${String(summary.id)} refers to ${code} v${version}, which is not in the catalogue of ${province}`);
      items.push({ ...summary, procedureRef: { code, name: procedure.name } } as DossierSummary);
    }
    position = page.LastEvaluatedKey ? { status: position.status, key: page.LastEvaluatedKey } : { status: position.status + 1 };
  }
  return position && position.status < statuses.length ? { items, next: position } : { items };
}

/**
 * A page of one partition of a keys-only index, newest first, as summaries read from the table
 * (eventually consistent; an item gone meanwhile is left out).
 */
async function summariesOfIndex(
  index: 'byIdNumber' | 'byPhone' | 'receivedForOthers',
  pk: string,
  limit: number,
  from?: PagePosition,
): Promise<{ items: DossierSummary[]; next?: PagePosition }> {
  const attribute = { byIdNumber: 'idNumberPK', byPhone: 'phonePK', receivedForOthers: 'receivedPK' }[index];
  const page = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: index,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': attribute },
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: limit,
      ...(from ? { ExclusiveStartKey: from } : {}),
    }),
  );
  const items = (await getDossiers((page.Items ?? []).map(tableKey))).map(summaryOf);
  return page.LastEvaluatedKey ? { items, next: page.LastEvaluatedKey } : { items };
}

/** A commune's dossiers of one applicant, found by the HMAC of their ID number or phone (exact match). */
export const dossiersByApplicant = (commune: string, kind: 'idNumber' | 'phone', hash: string, limit: number, from?: PagePosition) =>
  kind === 'idNumber'
    ? summariesOfIndex('byIdNumber', keys.idNumberPK(commune, hash), limit, from)
    : summariesOfIndex('byPhone', keys.phonePK(commune, hash), limit, from);

/** The dossiers a desk received for other communes of the province, newest first. */
export const dossiersReceivedForOthers = (receivingUnit: string, limit: number, from?: PagePosition) =>
  summariesOfIndex('receivedForOthers', keys.receivedPK(receivingUnit), limit, from);

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

/** Every item of one partition (of the table, or of an index), page after page, and how many were read. */
export async function queryPartition(pkName: string, pk: string, indexName?: string): Promise<{ items: Record<string, unknown>[]; itemsRead: number }> {
  const items: Record<string, unknown>[] = [];
  let itemsRead = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(),
        ...(indexName ? { IndexName: indexName } : {}),
        KeyConditionExpression: `${pkName} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    itemsRead += page.ScannedCount ?? 0;
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, itemsRead };
}

/** The dossiers of a province whose hand-over is stored but not yet recorded by its receiver. */
export async function loadProvince(province: string): Promise<ProvinceConfig | undefined> {
  const { items } = await queryPartition('PK', `P#${province}`);
  const bySk = (prefix: string) => items.filter((i) => String(i.SK).startsWith(prefix)).map((i) => i.data);
  for (const version of bySk('PROCEDURE_VERSION#') as Procedure[]) procedureVersions.set(versionKey(province, version.code, version.version), version);
  const head = items.find((i) => i.SK === 'PROVINCE')?.data as { name: string; officeHours: OfficeHours; reportRecipients?: string[] } | undefined;
  if (!head) return undefined;
  return {
    code: province,
    ...head,
    communes: bySk('COMMUNE#') as Commune[],
    calendars: bySk('CALENDAR#') as YearCalendar[],
    procedures: bySk('PROCEDURE#') as Procedure[],
  };
}

export async function putProvince(province: string, data: { name: string; officeHours: OfficeHours; reportRecipients?: string[] }): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: { ...keys.province(province), data } }));
}

/**
 * Stores a province configuration item (commune, calendar year) as its next version, only if it
 * is still at `expectedVersion` when one is given (0: it must not exist yet). Answers the version
 * written.
 */
async function putConfigItem(key: { PK: string; SK: string }, data: unknown, expectedVersion?: number): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const current = Number(Item?.version ?? (Item ? 1 : 0));
  if (expectedVersion !== undefined && expectedVersion !== current) throw new CatalogueConflict(`it is at version ${current}, not ${expectedVersion}`);
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...key, data, version: current + 1 },
        ...(Item
          ? { ConditionExpression: 'attribute_not_exists(version) OR version = :current', ExpressionAttributeValues: { ':current': current } }
          : { ConditionExpression: 'attribute_not_exists(PK)' }),
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new CatalogueConflict('it was changed meanwhile');
    throw error;
  }
  return current + 1;
}

export const putCommune = (commune: Commune, expectedVersion?: number): Promise<number> =>
  putConfigItem(keys.commune(commune.province, commune.code), commune, expectedVersion);

export const putCalendar = (province: string, calendar: YearCalendar, expectedVersion?: number): Promise<number> =>
  putConfigItem(keys.calendar(province, calendar.year), calendar, expectedVersion);

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
