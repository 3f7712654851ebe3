import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { STATUSES, type Dossier, type Status } from '../domain/model.js';
import { dynamo, tableName } from './aws.js';
import { parseProcedureRef, summaryOfItem } from './dossier-item.js';
import { knowVersions, versionOfDossier } from './province-config.js';
import { isSupplied, summaryOf, type DossierFilter, type DossierSummary, type PagePosition } from '../domain/worklist.js';
import { getDossiers } from './repository.js';
import { ATTRIBUTES, keys, tableKey } from './table.js';

/*
 * Lists of dossiers: a commune's worklist, an applicant's dossiers, what a desk received for
 * other communes. Each page reads one index partition.
 */

/** The statuses in the order an unfiltered worklist walks them. */
const WORKLIST_ORDER: readonly Status[] = STATUSES;

/** Where a worklist page ends: the status partition it was in, and the key to go on from. */
export interface WorklistPosition extends PagePosition {
  status: number;
  key?: Record<string, unknown>;
}

/**
 * A page of a commune's worklist. Each status is its own partition of the worklist index, so a
 * status filter reads only that status; without one the page walks the statuses in order. Step,
 * department and submitter filter within a partition. An assignee's list reads the sparse
 * byAssignee index (open dossiers only). Whether a supplement was answered is in the dossier's
 * body, not in the index: that filter reads the partition's dossiers (the desk's Đã bổ sung list
 * walks the SUBMITTED partition, a short one).
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

  const suppliedAsAsked = (d: Dossier) => filter.supplied === undefined || isSupplied(d) === filter.supplied;
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
      .filter(suppliedAsAsked)
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
    const entries = page.Items ?? [];
    const kept =
      filter.supplied === undefined
        ? entries
        : await getDossiers(entries.map(tableKey)).then((ds) => {
            const wanted = new Set(ds.filter(suppliedAsAsked).map((d) => keys.dossier(d.commune, d.id).PK));
            return entries.filter((e) => wanted.has(String(e.PK)));
          });
    const summaries = kept.map(summaryOfItem);
    const refs = summaries.map((x) => parseProcedureRef(x.procedureRef));
    await knowVersions(refs);
    for (const [i, summary] of summaries.entries()) {
      const ref = refs[i]!;
      const procedure = versionOfDossier(String(summary.id), ref);
      items.push({ ...summary, procedureRef: { code: ref.code, name: procedure.name } } as DossierSummary);
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
