import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { committed } from '../domain/catalogue.js';
import { CatalogueConflict, ReceiptBookMoved, RefundTaken, RegisterMoved, VersionConflict } from '../domain/conflicts.js';
import type { IdempotencyRecord } from '../domain/idempotency.js';
import type { Dossier } from '../domain/model.js';
import type { LedgerChange } from '../domain/payment.js';
import type { PaymentRefund, RefundDue } from '../domain/payment-platform.js';
import { dynamo, tableName } from './aws.js';
import { dossierFromItem, dossierItem, storedDossierOf, type ProcedureVersionRef } from './dossier-item.js';
import { FORMAT, currentFormat, stamped, upgraded } from './formats.js';
import { knowVersions, versionOfDossier } from './province-config.js';
import { batchGetItems } from './reads.js';
import { ledgerWrites, registerWrite } from './receipts.js';
import { ATTRIBUTES, keys, tableKey } from './table.js';

/*
 * Dossiers: read with the catalogue version each is worked under, stored on the version they
 * were read at, created at most once per idempotency key; and the daily sequence of their codes.
 * Their lists are in worklist.ts, the province's configuration in province-config.ts.
 */

export { CatalogueConflict, VersionConflict };

/** The dossiers of stored items with their procedures. */
async function dossiersOf(items: Record<string, unknown>[]): Promise<Dossier[]> {
  const stored = items.map((item) => ({ item, dossier: storedDossierOf(item) }));
  await knowVersions(stored.map(({ dossier: d }) => ({ province: d.province, ...d.procedure })));
  return stored.map(({ item, dossier: d }) => {
    return dossierFromItem(item, versionOfDossier(d.id, { province: d.province, ...d.procedure }));
  });
}

/** The dossier of an image the stream gave (an event carries it), with its procedure from the catalogue. */
export async function withProcedure(image: Omit<Dossier, 'procedure'> & { procedure: ProcedureVersionRef }): Promise<Dossier> {
  await knowVersions([{ province: image.province, ...image.procedure }]);
  const procedure = versionOfDossier(image.id, { province: image.province, ...image.procedure });
  return { ...image, procedure: committed(procedure, image.procedure.commitment) };
}

/** A dossier by its key; strongly consistent unless `consistent` is false (half the read units, possibly an earlier version). */
export async function getDossier(commune: string, id: string, consistent = true): Promise<Dossier | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.dossier(commune, id), ConsistentRead: consistent }));
  return Item ? (await dossiersOf([Item]))[0] : undefined;
}

/** The put of a dossier's next version, only over the stored `expectedVersion`: alone or in a transaction. */
const versionedPut = (d: Dossier, expectedVersion: number) => ({
  TableName: tableName(),
  Item: dossierItem(d),
  ConditionExpression: '#version = :expected',
  ExpressionAttributeNames: { '#version': ATTRIBUTES.version },
  ExpressionAttributeValues: { ':expected': expectedVersion },
});

/**
 * Stores the next version of a dossier, only if the stored one is still `expectedVersion`; with
 * the receipts its payment issued or refunded, in one transaction with them (receipts.ts).
 */
export async function saveDossier(d: Dossier, expectedVersion: number, ledger?: LedgerChange, register?: { year: string; number: number }): Promise<void> {
  if (ledger || register) return saveWithLedger(d, expectedVersion, ledger ?? { issued: [], refunded: [] }, register);
  try {
    await dynamo().send(new PutCommand(versionedPut(d, expectedVersion)));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict();
    throw error;
  }
}

async function saveWithLedger(d: Dossier, expectedVersion: number, ledger: LedgerChange, register?: { year: string; number: number }): Promise<void> {
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [{ Put: versionedPut(d, expectedVersion) }, ...ledgerWrites(d, ledger), ...(register ? [registerWrite(d, register)] : [])],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [dossier, book] = (error.CancellationReasons ?? []).map((r) => r.Code);
    if (dossier === 'ConditionalCheckFailed') throw new VersionConflict();
    if (book === 'ConditionalCheckFailed' && ledger.issued.length) throw new ReceiptBookMoved();
    // The register's counter is the last write: another issue took its next number first.
    if (register && error.CancellationReasons?.at(-1)?.Code === 'ConditionalCheckFailed') throw new RegisterMoved();
    throw error;
  }
}

/**
 * Stores the dossier that gives back money owed of an online payment, with the refund on the
 * commune's record of it and on the payment request, all or nothing: only while the dossier is
 * still `expectedVersion` (VersionConflict) and the commune's record still owes it (RefundTaken).
 */
export async function saveRefund(d: Dossier, expectedVersion: number, due: RefundDue, refund: PaymentRefund): Promise<void> {
  // The commune's record says whether the money is still owed; the request follows it.
  const refunded = (key: Record<string, string>, owed: boolean) => ({
    Update: {
      TableName: tableName(),
      Key: key,
      UpdateExpression: 'SET #status = :refunded, #refund = :refund',
      ConditionExpression: owed ? '#status = :due' : 'attribute_exists(PK)',
      ExpressionAttributeNames: { '#status': 'status', '#refund': 'refund' },
      ExpressionAttributeValues: { ':refunded': 'REFUNDED', ':refund': refund, ...(owed ? { ':due': 'REFUND_DUE' } : {}) },
    },
  });
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: versionedPut(d, expectedVersion) },
          refunded(keys.refundDue(due.commune, due.reference), true),
          refunded(keys.paymentRequest(due.province, due.reference), false),
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [dossier, owed, request] = (error.CancellationReasons ?? []).map((r) => r.Code);
    if (owed === 'ConditionalCheckFailed') throw new RefundTaken();
    // Another refund of the same money was being written at the same moment: read again, which finds it.
    if (dossier === 'ConditionalCheckFailed' || [dossier, owed, request].includes('TransactionConflict')) throw new VersionConflict();
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
      await dynamo().send(
        new PutCommand({ TableName: tableName(), Item: stamped('idempotency', { ...key, ...idempotency }), ConditionExpression: 'attribute_not_exists(PK)' }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }));
      if (!Item) throw error;
      const { PK: _pk, SK: _sk, ...earlier } = upgraded('idempotency', Item);
      return { created: false, earlier: earlier as unknown as IdempotencyRecord };
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

/** The next number of a unit's daily sequence: an atomic counter, so no two dossiers share a code. */
export async function nextSequence(unit: string, day: string, expiresAt: number): Promise<number> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.sequence(unit, day),
      UpdateExpression: 'ADD #last :one SET expiresAt = :expiresAt, #format = :format',
      ExpressionAttributeNames: { '#last': 'last', '#format': FORMAT },
      ExpressionAttributeValues: { ':one': 1, ':expiresAt': expiresAt, ':format': currentFormat('sequence') },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.last);
}
