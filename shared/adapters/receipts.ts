import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Dossier } from '../domain/model.js';
import { receiptYear, type LedgerChange, type LedgerEntry } from '../domain/payment.js';
import { dynamo, tableName } from './aws.js';
import { currentFormat, FORMAT, stamped, upgraded } from './formats.js';
import { keys } from './table.js';

/*
 * A commune's receipt books and ledger. A book's counter holds the last number it gave in a
 * series and year; it moves only in the transaction that stores the receipts it numbers (with
 * the dossier), on the condition that it still holds the number the collection started from —
 * so numbers are never skipped (a failed collection writes nothing) and never given twice.
 */

/** The last number a commune's book gave in a series and year; 0 before the first receipt. */
export async function lastReceiptNumber(commune: string, series: string, year: string): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.receiptBook(commune, series, year), ConsistentRead: true }));
  return Item ? Number(upgraded('receiptBook', Item).last) : 0;
}

type TransactItem = Record<string, unknown>;

/**
 * The writes a ledger change makes beside the dossier: the book's counter moved from the number
 * before the first receipt to the last (refused if another collection moved it first), each
 * receipt put once, each refunded receipt marked.
 */
export function ledgerWrites(d: Dossier, change: LedgerChange): TransactItem[] {
  const writes: TransactItem[] = [];
  const [first] = change.issued;
  if (first) {
    const numbers = change.issued.map((r) => r.number);
    const from = Math.min(...numbers) - 1;
    writes.push({
      Update: {
        TableName: tableName(),
        Key: keys.receiptBook(d.commune, first.series, receiptYear(first)),
        UpdateExpression: 'SET #last = :to, #format = :format',
        ConditionExpression: from === 0 ? 'attribute_not_exists(#last)' : '#last = :from',
        ExpressionAttributeNames: { '#last': 'last', '#format': FORMAT },
        ExpressionAttributeValues: { ':to': Math.max(...numbers), ':format': currentFormat('receiptBook'), ...(from === 0 ? {} : { ':from': from }) },
      },
    });
  }
  for (const r of change.issued) {
    const entry: LedgerEntry = { ...r, commune: d.commune, dossierId: d.id, code: d.code ?? '', method: d.payment!.method! };
    writes.push({
      Put: {
        TableName: tableName(),
        Item: stamped('receipt', { ...keys.receipt(d.commune, r.issuedAt, r.series, r.number), ...entry }),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    });
  }
  for (const r of change.refunded) {
    writes.push({
      Update: {
        TableName: tableName(),
        Key: keys.receipt(d.commune, r.issuedAt, r.series, r.number),
        UpdateExpression: 'SET refundedAt = :at',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': r.refundedAt },
      },
    });
  }
  return writes;
}

/** The months (yyyy-MM) a period of days touches. */
function monthsOf(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  for (let current = from.slice(0, 7); current <= to.slice(0, 7); current = `${year}-${String(month).padStart(2, '0')}`) {
    months.push(current);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** A commune's receipts issued on the local days [from, to], in order of issue. */
export async function receiptsIssued(commune: string, from: string, to: string): Promise<LedgerEntry[]> {
  const entries: LedgerEntry[] = [];
  for (const month of monthsOf(from, to)) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': keys.receiptsPK(commune, month), ':from': from, ':to': `${to}~` },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        const { PK: _pk, SK: _sk, ...entry } = upgraded('receipt', item);
        entries.push(entry as unknown as LedgerEntry);
      }
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return entries;
}

/** The last number a commune's outgoing register gave in a year; 0 before the first. */
export async function lastRegisterNumber(commune: string, year: string): Promise<number> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName(), Key: keys.outgoingRegister(commune, year), ConsistentRead: true }));
  return Item ? Number(upgraded('outgoingRegister', Item).last) : 0;
}

/** The register's counter moved to the number a dossier's issue takes, on the condition it still holds the one before (no gap, none twice). */
export function registerWrite(d: Dossier, register: { year: string; number: number }): TransactItem {
  const from = register.number - 1;
  return {
    Update: {
      TableName: tableName(),
      Key: keys.outgoingRegister(d.commune, register.year),
      UpdateExpression: 'SET #last = :to, #format = :format',
      ConditionExpression: from === 0 ? 'attribute_not_exists(#last)' : '#last = :from',
      ExpressionAttributeNames: { '#last': 'last', '#format': FORMAT },
      ExpressionAttributeValues: { ':to': register.number, ':format': currentFormat('outgoingRegister'), ...(from === 0 ? {} : { ':from': from }) },
    },
  };
}
