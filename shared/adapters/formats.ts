import { gzipSync } from 'node:zlib';
import { legacyFeeLines } from '../domain/payment.js';
import { namedBody } from './dossier-body.js';
import { ATTRIBUTES, DOSSIER_SK, isAuditKey, keys } from './table.js';

/*
 * Every item the table stores names its format: a number, raised whenever what the attributes of
 * its kind mean changes. Writers write the current format; readers take every format up to it,
 * upgraded on read by the kind's upgrades below — the one place that knows an older format — and
 * refuse a newer one rather than misread it; `npm run migrate` rewrites older items in the
 * current format (scripts/migrate.ts). An item without the attribute was stored before formats
 * were named: it is of format 1. The lines of the indexes that project attributes (the worklist,
 * nationalUnsynced) carry no format: what they project is the same in every format so far, and a
 * format that changes it needs a new index that projects the format too (DynamoDB cannot change
 * an index's projection).
 */

/** The attribute an item names its format in (one letter: the dossier item counts its bytes). */
export const FORMAT = 'f';

type Item = Record<string, unknown>;

interface ItemKind {
  /** Whether a table key is one of this kind's (keys in table.ts make them). */
  is: (pk: string, sk: string) => boolean;
  /** Each turns an item of format n (its index + 1) into format n + 1; the current format is their number + 1. */
  upgrades: ((item: Item) => Item)[];
}

const provincePartition = (pk: string) => /^P#[^#]+$/.test(pk);

/** A procedure of format 1 carried one amount: it reads as one lệ phí collected at reception (none when 0). */
function withFeeLines(item: Item): Item {
  const { fee, ...data } = item.data as Item & { fee?: number };
  const fees = legacyFeeLines(Number(fee ?? 0));
  return { ...item, data: { ...data, ...(fees.length ? { fees } : {}) } };
}

/** The kinds of item the table stores, recognised by their keys. */
export const ITEM_KINDS = {
  /**
   * A dossier (its worklist line is the projection of this item, read in the same format). Format 2: the body names its dictionary.
   * Format 3: records name officials (`actorName`…) and such history entries hash in the v3 form, which older code would take
   * for tampering; an older dossier has no names, so it reads as it is.
   */
  dossier: {
    is: (pk, sk) => sk === DOSSIER_SK && pk.includes('#D#'),
    upgrades: [(item) => ({ ...item, [ATTRIBUTES.body]: namedBody(item[ATTRIBUTES.body] as Uint8Array) }), (item) => item],
  },
  nationalSync: { is: (pk, sk) => sk === keys.nationalSync('', '').SK && pk.includes('#D#'), upgrades: [] },
  message: { is: (pk, sk) => sk.startsWith('MESSAGE#') && pk.includes('#D#'), upgrades: [] },
  idempotency: { is: (_pk, sk) => sk === keys.idempotency('', '', '').SK, upgrades: [] },
  sequence: { is: (_pk, sk) => sk === keys.sequence('', '').SK, upgrades: [] },
  province: { is: (pk, sk) => provincePartition(pk) && sk === keys.province('').SK, upgrades: [] },
  commune: { is: (pk, sk) => provincePartition(pk) && sk.startsWith('COMMUNE#'), upgrades: [] },
  calendar: { is: (pk, sk) => provincePartition(pk) && sk.startsWith('CALENDAR#'), upgrades: [] },
  /** What a commune makes of a catalogue procedure. */
  communeProcedure: { is: (pk, sk) => provincePartition(pk) && sk.startsWith('OVERRIDE#'), upgrades: [] },
  /** A signer's registration (ký số): provider, credential, the certificate's fingerprint and expiry. */
  signer: { is: (pk, sk) => provincePartition(pk) && sk.startsWith('SIGNER#'), upgrades: [] },
  /** Format 2: fee lines (`fees`) in place of the single `fee`. */
  procedure: { is: (pk, sk) => provincePartition(pk) && sk.startsWith('PROCEDURE#'), upgrades: [withFeeLines] },
  procedureVersion: { is: (pk, sk) => provincePartition(pk) && sk.startsWith('PROCEDURE_VERSION#'), upgrades: [withFeeLines] },
  /** The province's lookup key and webhook key. */
  provinceKey: { is: (_pk, sk) => sk === keys.lookupKey('').SK || sk === keys.webhookKey('').SK, upgrades: [] },
  webhook: { is: (pk, sk) => pk.includes('#WEBHOOKS#') && sk.startsWith('WEBHOOK#'), upgrades: [] },
  delivery: { is: (pk) => pk.includes('#DELIVERIES#'), upgrades: [] },
  audit: { is: (pk) => isAuditKey(pk), upgrades: [] },
  /** Format 2: the report as gzip of its JSON (binary) in place of a map. */
  slaReport: { is: (pk) => pk.endsWith('#REPORT#SLA'), upgrades: [(item) => ({ ...item, report: gzipSync(JSON.stringify(item.report)) })] },
  /** A commune's counters of a day, or its running totals. */
  aggregate: { is: (pk) => pk.endsWith('#AGGREGATES'), upgrades: [] },
  /** What the aggregates have counted of a dossier. */
  counted: { is: (pk, sk) => sk === keys.counted('', '').SK && pk.includes('#D#'), upgrades: [] },
  /** The counter of a commune's receipt book (series, year). */
  receiptBook: { is: (pk) => /^C#[^#]+#RECEIPT_BOOK#/.test(pk), upgrades: [] },
  outgoingRegister: { is: (pk) => /^C#[^#]+#OUTGOING_REGISTER#/.test(pk), upgrades: [] },
  /** A receipt in a commune's ledger. */
  receipt: { is: (pk) => /^C#[^#]+#RECEIPTS#/.test(pk), upgrades: [] },
  /** An online payment request and what became of it. */
  paymentRequest: { is: (pk) => /^P#[^#]+#PAYMENT_REQUESTS#/.test(pk), upgrades: [] },
  /** Money a commune owes back of an online payment, and its refund once given. */
  refundDue: { is: (pk) => /^C#[^#]+#REFUNDS_DUE$/.test(pk), upgrades: [] },
  /** The marker of a digest sent. */
  digest: { is: (pk) => pk.endsWith('#REPORT#DIGEST'), upgrades: [] },
  /** Where a backfill got to (scripts/migrate.ts). */
  backfillCheckpoint: { is: (pk) => pk === keys.backfillCheckpoint('').PK, upgrades: [] },
} satisfies Record<string, ItemKind>;

export type ItemKindName = keyof typeof ITEM_KINDS;

export const currentFormat = (kind: ItemKindName): number => ITEM_KINDS[kind].upgrades.length + 1;

/** The format an item was stored in. */
export const formatOf = (item: Item): number => (item[FORMAT] === undefined ? 1 : Number(item[FORMAT]));

/** An item as it is written: in its kind's current format, which it names. */
export const stamped = <T extends Item>(kind: ItemKindName, item: T): T => ({ ...item, [FORMAT]: currentFormat(kind) });

/** A stored item in its kind's current format, without the attribute that names it. */
export function upgraded(kind: ItemKindName, item: Item): Item {
  const from = formatOf(item);
  const { upgrades } = ITEM_KINDS[kind];
  if (from > upgrades.length + 1) throw new Error(`a ${kind} item of format ${from}, newer than this code reads (${upgrades.length + 1})`);
  const { [FORMAT]: _format, ...rest } = item;
  return upgrades.slice(from - 1).reduce((it, upgrade) => upgrade(it), rest);
}

/** The kind of a stored item by its key; undefined for an item of no known kind. */
export const kindOf = (item: Item): ItemKindName | undefined =>
  (Object.keys(ITEM_KINDS) as ItemKindName[]).find((kind) => ITEM_KINDS[kind].is(String(item.PK), String(item.SK)));
