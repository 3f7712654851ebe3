import type { Status } from '../domain/model.js';
import { SUMMARY_FIELDS } from '../domain/worklist.js';

/**
 * Summary fields the item's keys already hold: the id and commune (its key), the code (its
 * lookup key), the submission time (its worklist sort key).
 */
const KEY_FIELDS = ['id', 'commune', 'code', 'submittedAt'] as const;
/** Summary fields stored as attributes (the procedure by code and catalogue version; its name is the catalogue's). */
type StoredSummaryField = Exclude<(typeof SUMMARY_FIELDS)[number], (typeof KEY_FIELDS)[number]>;
export const STORED_SUMMARY = SUMMARY_FIELDS.filter((f): f is StoredSummaryField => !(KEY_FIELDS as readonly string[]).includes(f));

/**
 * The attribute names of a dossier item's own fields: a letter or two, since the item carries
 * every one of them and each byte counts against its 1 KB write unit.
 */
export const ATTRIBUTES: Record<StoredSummaryField | 'body' | 'checks' | 'head', string> = {
  procedureRef: 'pr',
  applicantName: 'an',
  department: 'dp',
  channel: 'ch',
  status: 'st',
  step: 'sp',
  assignee: 'as',
  submittedBy: 'sb',
  dueAt: 'du',
  pausedAt: 'pa',
  timeliness: 'tl',
  version: 'v',
  body: 'b',
  checks: 'c',
  head: 'h',
};

/**
 * The single table. Every key of a tenant's item starts with the tenant — `C#<commune>` or
 * `P#<province>` — so no query of one tenant can reach another's items; only the checkpoints of
 * backfills (`BACKFILL`) belong to the table itself. Every item names its format (formats.ts). Indexes are named for
 * the access pattern they serve, and so are their key attributes. Only the worklist projects
 * attributes; the other indexes hold keys only, so a transition rewrites as few index entries
 * as it can (write units are the cost that grows with every dossier).
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'expiresAt',
  indexes: {
    /** A commune's dossiers of one status, oldest first; step, department and submitter filter. */
    worklist: { pk: 'worklistPK', sk: 'worklistSK', projection: [...STORED_SUMMARY.map((f) => ATTRIBUTES[f]), 'codePK', 'openSK'] as string[] },
    /** Sparse: a specialist's open dossiers. */
    byAssignee: { pk: 'assigneePK', sk: 'worklistSK', projection: [] as string[] },
    /** Public lookup by dossier code. */
    byCode: { pk: 'codePK', sk: undefined, projection: [] as string[] },
    /** Sparse: a commune's open dossiers by due time (SLA report, statistics). */
    openByDue: { pk: 'openPK', sk: 'openSK', projection: [] as string[] },
    /**
     * No longer written nor read (the statistics read the daily aggregates): kept declared
     * because a table update may delete one index only — each goes in a deployment of its own,
     * with no other index change beside it.
     */
    acceptedByMonth: { pk: 'acceptedPK', sk: 'acceptedSK', projection: [] as string[] },
    closedByMonth: { pk: 'closedPK', sk: 'closedSK', projection: [] as string[] },
    /** A commune's dossiers of one applicant, by the HMAC of their ID number (never the number), newest first. */
    byIdNumber: { pk: 'idNumberPK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: a commune's dossiers of one applicant, by the HMAC of their phone. */
    byPhone: { pk: 'phonePK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: what a desk received for another commune of the province (province-wide reception), newest first. */
    receivedForOthers: { pk: 'receivedPK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: a province's dossiers whose change failed to reach the national portal, by when it was stored. */
    nationalUnsynced: { pk: 'unsyncedPK', sk: 'unsyncedSK', projection: ['commune', 'dossierId', 'code', 'failure'] as string[] },
  },
} as const;

export type IndexName = keyof typeof TABLE.indexes;

/** The partition keys of access trails, as an IAM StringLike pattern (dynamodb:LeadingKeys). */
export const AUDIT_LEADING_KEYS = 'C#*#AUDIT#*';
/** The partition keys of portals' webhooks, as an IAM StringLike pattern: the only items ever deleted. */
export const WEBHOOK_LEADING_KEYS = 'P#*#WEBHOOKS#*';
/** The province's key items (`keys.lookupKey`, `keys.webhookKey`) by the name a function declares its use with, as IAM StringLike patterns of their partition keys. */
export const PROVINCE_KEY_LEADING_KEYS = { lookup: 'P#*#LOOKUP_KEY', webhook: 'P#*#WEBHOOK_KEY' } as const;
export type ProvinceKey = keyof typeof PROVINCE_KEY_LEADING_KEYS;
export const isAuditKey = (pk: string): boolean => /^C#[^#]+#AUDIT#/.test(pk);

/** The sort key of a dossier's own item; the items beside it in its partition (sync state, messages) have others. */
export const DOSSIER_SK = 'D';

export const keys = {
  dossier: (commune: string, id: string) => ({ PK: `C#${commune}#D#${id}`, SK: DOSSIER_SK }),
  idempotency: (commune: string, client: string, key: string) => ({
    PK: `C#${commune}#IDEMPOTENCY#${client}#${key}`,
    SK: 'IDEMPOTENCY',
  }),
  sequence: (unit: string, day: string) => ({ PK: `C#${unit}#SEQUENCE#${day}`, SK: 'SEQUENCE' }),
  province: (province: string) => ({ PK: `P#${province}`, SK: 'PROVINCE' }),
  commune: (province: string, commune: string) => ({ PK: `P#${province}`, SK: `COMMUNE#${commune}` }),
  calendar: (province: string, year: number) => ({ PK: `P#${province}`, SK: `CALENDAR#${year}` }),
  communeProcedure: (province: string, commune: string, code: string) => ({ PK: `P#${province}`, SK: `OVERRIDE#${commune}#${code}` }),
  /** A certificate registered to sign a commune's results: its seal (`-`), or an official's (by their sub). */
  signer: (province: string, commune: string, role: string, sub?: string) => ({ PK: `P#${province}`, SK: `SIGNER#${commune}#${role}#${sub ?? '-'}` }),
  procedure: (province: string, code: string) => ({ PK: `P#${province}`, SK: `PROCEDURE#${code}` }),
  procedureVersion: (province: string, code: string, version: number) => ({
    PK: `P#${province}`,
    SK: `PROCEDURE_VERSION#${code}#${String(version).padStart(4, '0')}`,
  }),
  /** The key a province's lookup secrets are derived from. */
  lookupKey: (province: string) => ({ PK: `P#${province}#LOOKUP_KEY`, SK: 'LOOKUP_KEY' }),
  /** The key a province's webhook secrets are sealed with. */
  webhookKey: (province: string) => ({ PK: `P#${province}#WEBHOOK_KEY`, SK: 'WEBHOOK_KEY' }),
  /** A portal's webhooks in a province: one partition per portal client, listed with one Query. */
  webhook: (province: string, client: string, name: string) => ({ PK: keys.webhooksPK(province, client), SK: `WEBHOOK#${name}` }),
  webhooksPK: (province: string, client: string) => `P#${province}#WEBHOOKS#${client}`,
  /** A webhook's deliveries, newest event first by the event's time. */
  delivery: (province: string, client: string, name: string, atMs: number, eventId: string) => ({
    PK: keys.deliveriesPK(province, client, name),
    SK: `${String(atMs).padStart(15, '0')}#${eventId}`,
  }),
  deliveriesPK: (province: string, client: string, name: string) => `P#${province}#WEBHOOKS#${client}#DELIVERIES#${name}`,
  /**
   * A dossier's access trail but its changes (their history entries keep those): items of their
   * own, never expired, sorted by time. Their key is told apart from every other item's, so a
   * read-only function may append to it and write nothing else.
   */
  audit: (commune: string, id: string, at: string, requestId: string) => ({ PK: keys.auditPK(commune, id), SK: `${at}#${requestId}` }),
  auditPK: (commune: string, id: string) => `C#${commune}#AUDIT#${id}`,
  /** A dossier's synchronisation with the national portal: beside the dossier, in its partition. */
  nationalSync: (commune: string, id: string) => ({ PK: keys.dossier(commune, id).PK, SK: 'NATIONAL_SYNC' }),
  unsyncedPK: (province: string) => `P#${province}#NATIONAL_UNSYNCED`,
  slaReport: (commune: string, date: string) => ({ PK: `C#${commune}#REPORT#SLA`, SK: date }),
  /** A commune's counters of one day (a local date), of a month or a year (`monthKey`, `yearKey`), or its running totals (`TOTAL`). */
  aggregate: (commune: string, key: string) => ({ PK: keys.aggregatesPK(commune), SK: key }),
  aggregatesPK: (commune: string) => `C#${commune}#AGGREGATES`,
  /** What the aggregates have counted of a dossier: beside it, in its partition. */
  counted: (commune: string, id: string) => ({ PK: keys.dossier(commune, id).PK, SK: 'COUNTED' }),
  /** The last number a commune's receipt book gave in a series and year: an atomic counter, moved only with the receipts it numbers. */
  receiptBook: (commune: string, series: string, year: string) => ({ PK: `C#${commune}#RECEIPT_BOOK#${series}#${year}`, SK: 'LAST' }),
  /** The last number a commune's outgoing register (sổ văn bản đi) gave in a year: moved only with the dossier it numbers. */
  outgoingRegister: (commune: string, year: string) => ({ PK: `C#${commune}#OUTGOING_REGISTER#${year}`, SK: 'LAST' }),
  /** A receipt in the commune's ledger, by month of issue and then time: the collections report reads a period in order. */
  receipt: (commune: string, issuedAt: string, series: string, number: number) => ({
    PK: keys.receiptsPK(commune, issuedAt.slice(0, 7)),
    SK: `${issuedAt}#${series}#${String(number).padStart(7, '0')}`,
  }),
  receiptsPK: (commune: string, month: string) => `C#${commune}#RECEIPTS#${month}`,
  /** An online payment request (one INIT) by its reference, in a partition of its day: the reconciliation reads the days it looks back over. */
  paymentRequest: (province: string, reference: string) => ({ PK: keys.paymentRequestsPK(province, reference.slice(0, 8)), SK: reference }),
  paymentRequestsPK: (province: string, day: string) => `P#${province}#PAYMENT_REQUESTS#${day}`,
  /** Money a commune owes back (an online payment taken when no longer owed), by reference: its collections report lists them with one Query. */
  refundDue: (commune: string, reference: string) => ({ PK: keys.refundsDuePK(commune), SK: reference }),
  refundsDuePK: (commune: string) => `C#${commune}#REFUNDS_DUE`,
  /** Where a backfill of `npm run migrate` got to. */
  backfillCheckpoint: (backfill: string) => ({ PK: 'BACKFILL', SK: backfill }),
  // The dossier item's index keys, short: it carries each of them, and every byte of it counts.
  worklistPK: (commune: string, status: Status) => `C#${commune}#S#${status}`,
  assigneePK: (commune: string, assignee: string) => `C#${commune}#AS#${assignee}`,
  openPK: (commune: string) => `C#${commune}#OP`,
  /** A dossier code starts with its receiving unit: it is its own tenant prefix. */
  codePK: (code: string) => code,
  idNumberPK: (commune: string, hash: string) => `C#${commune}#ID#${hash}`,
  phonePK: (commune: string, hash: string) => `C#${commune}#PH#${hash}`,
  receivedPK: (receivingUnit: string) => `C#${receivingUnit}#RX`,
};

/** The table key of an item from any of its index entries (keys-only projections). */
export const tableKey = (item: Record<string, unknown>) => ({ PK: item.PK as string, SK: item.SK as string });
