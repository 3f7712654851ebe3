import type { SignerRegistration } from '../domain/signing.js';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OfficeHours, YearCalendar } from '../domain/calendar.js';
import type { CommuneOverride } from '../domain/catalogue.js';
import { eachAtMost } from '../domain/concurrency.js';
import { CatalogueConflict } from '../domain/conflicts.js';
import type { Commune, Procedure } from '../domain/model.js';
import type { ProvinceConfig } from '../domain/province.js';
import { dynamo, tableName } from './aws.js';
import { kindOf, stamped, upgraded, type ItemKindName } from './formats.js';
import { batchGetItems, queryPartition } from './reads.js';
import { keys } from './table.js';

/*
 * A province's configuration: its head item, communes, calendar years, procedures (each with every
 * version ever published) and the communes' overrides of them, all in the province's partition.
 */

type ProvinceHead = { name: string; officeHours: OfficeHours; reportRecipients?: string[] };

/** The configuration a stored item holds, in the current format. */
const dataOf = (kind: ItemKindName, item: Record<string, unknown>) => upgraded(kind, item).data;

/**
 * Published catalogue versions, which never change: each is kept for the life of the process
 * once read. Loading a province fills it (its partition holds every version), so a dossier read
 * after its province's configuration finds its procedure without a read of its own.
 */
const procedureVersions = new Map<string, Procedure>();
const versionKey = (province: string, code: string, version: number) => `${province}/${code}/${version}`;

export type ProcedureVersionOf = { province: string; code: string; version: number };

/** A catalogue version already known (see knowVersions). */
export const knownVersion = (r: ProcedureVersionOf): Procedure | undefined => procedureVersions.get(versionKey(r.province, r.code, r.version));

/** The known catalogue version a dossier refers to: one its province never published means the stored dossier is broken. */
export function versionOfDossier(dossierId: string, r: ProcedureVersionOf): Procedure {
  const procedure = knownVersion(r);
  if (!procedure) throw new Error(`dossier ${dossierId} refers to ${r.code} v${r.version}, which is not in the catalogue of ${r.province}`);
  return procedure;
}

/** Makes sure the catalogue versions are known; those not yet are read, one alone or all in one batch. */
export async function knowVersions(refs: ProcedureVersionOf[]): Promise<void> {
  const missing = new Map<string, { PK: string; SK: string }>();
  for (const r of refs) {
    const key = versionKey(r.province, r.code, r.version);
    if (!procedureVersions.has(key)) missing.set(key, keys.procedureVersion(r.province, r.code, r.version));
  }
  const [only] = missing.size === 1 ? [...missing] : [];
  if (only) {
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: only[1] }));
    if (Item) procedureVersions.set(only[0], dataOf('procedureVersion', Item) as Procedure);
  } else if (missing.size > 1) {
    for (const item of await batchGetItems([...missing.values()])) {
      const p = dataOf('procedureVersion', item) as Procedure;
      procedureVersions.set(versionKey(String(item.PK).slice(2), p.code, p.version), p);
    }
  }
}

/** A province's configuration, with every procedure version it published made known. */
export async function loadProvince(province: string): Promise<ProvinceConfig | undefined> {
  const { items } = await queryPartition('PK', `P#${province}`);
  const of = (kind: ItemKindName) => items.filter((i) => kindOf(i) === kind).map((i) => dataOf(kind, i));
  for (const version of of('procedureVersion') as Procedure[]) procedureVersions.set(versionKey(province, version.code, version.version), version);
  const [head] = of('province') as ProvinceHead[];
  if (!head) return undefined;
  return {
    code: province,
    ...head,
    communes: of('commune') as Commune[],
    calendars: of('calendar') as YearCalendar[],
    procedures: of('procedure') as Procedure[],
    overrides: of('communeProcedure') as CommuneOverride[],
    signers: of('signer') as SignerRegistration[],
  };
}

/** Stores a signer's registration, in place of an earlier one for the same commune, role and official. */
export async function putSigner(province: string, registration: SignerRegistration): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: stamped('signer', { ...keys.signer(province, registration.commune, registration.role, registration.sub), data: registration }),
    }),
  );
}

export async function putProvince(province: string, data: ProvinceHead): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: tableName(), Item: stamped('province', { ...keys.province(province), data }) }));
}

/**
 * Stores a province configuration item (commune, calendar year) as its next version, only if it
 * is still at `expectedVersion` when one is given (0: it must not exist yet). Answers the version
 * written.
 */
async function putConfigItem(
  kind: 'commune' | 'calendar' | 'communeProcedure',
  key: { PK: string; SK: string },
  data: unknown,
  expectedVersion?: number,
): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
  const current = Number(Item?.version ?? (Item ? 1 : 0));
  if (expectedVersion !== undefined && expectedVersion !== current) throw new CatalogueConflict(`it is at version ${current}, not ${expectedVersion}`);
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: stamped(kind, { ...key, data, version: current + 1 }),
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
  putConfigItem('commune', keys.commune(commune.province, commune.code), commune, expectedVersion);

export const putCalendar = (province: string, calendar: YearCalendar, expectedVersion?: number): Promise<number> =>
  putConfigItem('calendar', keys.calendar(province, calendar.year), calendar, expectedVersion);

export const putCommuneOverride = (province: string, override: CommuneOverride, expectedVersion?: number): Promise<number> =>
  putConfigItem('communeProcedure', keys.communeProcedure(province, override.commune, override.code), override, expectedVersion);

/** Procedures one transaction publishes: two puts each, a transaction takes 100. */
const PROCEDURES_PER_TRANSACTION = 50;
const TRANSACTIONS_AT_ONCE = 4;

/**
 * Publishes the next version of each procedure after its `previousVersion`; earlier versions stay
 * on record. Each procedure's two items (current and version) are written together, fifty
 * procedures to a transaction: a transaction is all or nothing, and one that meets a procedure
 * changed meanwhile fails (CatalogueConflict) — those before it are published, and publishing
 * them again finds them unchanged.
 */
export async function putProcedures(province: string, drafts: { procedure: Omit<Procedure, 'version'>; previousVersion: number }[]): Promise<Procedure[]> {
  const published = drafts.map(({ procedure, previousVersion }) => ({ next: { ...procedure, version: previousVersion + 1 } as Procedure, previousVersion }));
  const chunks = Array.from({ length: Math.ceil(published.length / PROCEDURES_PER_TRANSACTION) }, (_, i) =>
    published.slice(i * PROCEDURES_PER_TRANSACTION, (i + 1) * PROCEDURES_PER_TRANSACTION),
  );
  // A few transactions at once: a thousand procedures are twenty of them, well inside the gateway's 30 s.
  await eachAtMost(TRANSACTIONS_AT_ONCE, chunks, publish);
  return published.map((p) => p.next);

  async function publish(chunk: typeof published) {
    await dynamo()
      .send(
        new TransactWriteCommand({
          TransactItems: chunk.flatMap(({ next, previousVersion }) => [
            {
              Put: {
                TableName: tableName(),
                Item: stamped('procedure', { ...keys.procedure(province, next.code), data: next, version: next.version }),
                ConditionExpression: previousVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :previous',
                ...(previousVersion === 0 ? {} : { ExpressionAttributeValues: { ':previous': previousVersion } }),
              },
            },
            { Put: { TableName: tableName(), Item: stamped('procedureVersion', { ...keys.procedureVersion(province, next.code, next.version), data: next }) } },
          ]),
        }),
      )
      .catch((error: unknown) => {
        if (error instanceof TransactionCanceledException)
          throw new CatalogueConflict(`a procedure of ${chunk.map((c) => c.next.code).join(', ')} changed meanwhile`);
        throw error;
      });
  }
}

/** Publishes a new version of a procedure; earlier versions stay on record. */
export async function putProcedure(province: string, procedure: Omit<Procedure, 'version'>, previousVersion: number): Promise<Procedure> {
  const [next] = await putProcedures(province, [{ procedure, previousVersion }]);
  return next!;
}
