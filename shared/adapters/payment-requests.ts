import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { OnlinePayment, RefundDue } from '../domain/payment-platform.js';
import { dynamo, tableName } from './aws.js';
import { stamped, upgraded } from './formats.js';
import { queryPartition } from './reads.js';
import { keys } from './table.js';

/*
 * The province's online payment requests: one small item per INIT, in a partition of the day its
 * reference was made, so the reconciliation reads the few days it looks back over with one Query
 * each and the callback finds a request by its reference with one GetItem.
 */

const requestOf = (item: Record<string, unknown>): OnlinePayment => {
  const { PK: _pk, SK: _sk, ...request } = upgraded('paymentRequest', item);
  return request as unknown as OnlinePayment;
};

export async function putPaymentRequest(request: OnlinePayment): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(),
      Item: stamped('paymentRequest', { ...keys.paymentRequest(request.province, request.reference), ...request }),
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

export async function getPaymentRequest(province: string, reference: string): Promise<OnlinePayment | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.paymentRequest(province, reference), ConsistentRead: true }));
  return Item ? requestOf(Item) : undefined;
}

/** Stores what became of a request, only while it is still PENDING; false when another caller decided it first. */
export async function decidePaymentRequest(request: OnlinePayment): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: stamped('paymentRequest', { ...keys.paymentRequest(request.province, request.reference), ...request }),
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'PENDING' },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** A province's requests made on a day (yyyyMMdd, Vietnam's date). */
export async function paymentRequestsOn(province: string, day: string): Promise<OnlinePayment[]> {
  return (await queryPartition('PK', keys.paymentRequestsPK(province, day))).items.map(requestOf);
}

/** Records money a commune owes back; the first record of a reference stays (a refund given is never undone by a late repeat). */
export async function putRefundDue(due: RefundDue): Promise<void> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(),
        Item: stamped('refundDue', { ...keys.refundDue(due.commune, due.reference), ...due }),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

const refundDueOfItem = (item: Record<string, unknown>): RefundDue => {
  const { PK: _pk, SK: _sk, ...due } = upgraded('refundDue', item);
  return due as unknown as RefundDue;
};

export async function getRefundDue(commune: string, reference: string): Promise<RefundDue | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.refundDue(commune, reference), ConsistentRead: true }));
  return Item ? refundDueOfItem(Item) : undefined;
}

/** Every online payment a commune owed back, refunded since or not. */
export async function refundsDue(commune: string): Promise<RefundDue[]> {
  return (await queryPartition('PK', keys.refundsDuePK(commune))).items.map(refundDueOfItem);
}
