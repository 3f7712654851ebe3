import type { CommuneAggregates } from '../domain/aggregates.js';
import type { AuditEntry } from '../domain/audit.js';
import type { YearCalendar } from '../domain/calendar.js';
import type { CommuneOverride } from '../domain/catalogue.js';
import type { StoredObject } from '../domain/attachments.js';
import type { DossierImage } from '../domain/events.js';
import type { Commune, Dossier, Procedure } from '../domain/model.js';
import type { OfficialAccount } from '../domain/officials.js';
import type { LedgerChange, LedgerEntry } from '../domain/payment.js';
import type { InitMessage, OnlinePayment, PaymentChannel, PaymentRefund, RefundDue, TransactionResult } from '../domain/payment-platform.js';
import type { ProvinceConfig } from '../domain/province.js';
import type { OpenDossier, SlaReport } from '../domain/reports.js';
import type { IdempotencyRecord } from '../domain/idempotency.js';
import type { DossierFilter, DossierSummary, PagePosition } from '../domain/worklist.js';

/*
 * What the use cases need from storage. The DynamoDB adapters are one implementation, an
 * in-memory map (test/support/memory-store.ts) another.
 */

/** Dossiers; a save based on a stale version throws VersionConflict (shared/domain/conflicts.ts). */
export interface DossierStore {
  getDossier(commune: string, id: string): Promise<Dossier | undefined>;
  /**
   * Stores the next version of a dossier, only if the stored one is still `expectedVersion`; with
   * the receipts its payment issued or refunded and the outgoing register's line it took, all or
   * nothing. Receipts numbered from a book that moved on meanwhile throw ReceiptBookMoved.
   */
  saveDossier(d: Dossier, expectedVersion: number, ledger?: LedgerChange, register?: { year: string; number: number }): Promise<void>;
  /** The last number a commune's outgoing register gave in a year (0 before the first). */
  lastRegisterNumber(commune: string, year: string): Promise<number>;
  /** What a commune owes back of an online payment, by the request's reference. */
  getRefundDue(commune: string, reference: string): Promise<RefundDue | undefined>;
  /**
   * Stores the dossier that gives back money owed, with the refund on the commune's record of it
   * and on the payment request, all or nothing: RefundTaken when it was given back already.
   */
  saveRefund(d: Dossier, expectedVersion: number, due: RefundDue, refund: PaymentRefund): Promise<void>;
  /** The last number a commune's receipt book gave in a series and year (0 before the first). */
  lastReceiptNumber(commune: string, series: string, year: string): Promise<number>;
  /** A new dossier; with an idempotency record written first, an earlier request with the same key is answered instead. */
  createDossier(d: Dossier, idempotency?: IdempotencyRecord): Promise<{ created: true } | { created: false; earlier: IdempotencyRecord }>;
  putDossierIfAbsent(d: Dossier): Promise<boolean>;
  listDossiers(commune: string, filter: DossierFilter, limit: number, from?: PagePosition): Promise<{ items: DossierSummary[]; next?: PagePosition }>;
  /** The dossier of an image the stream gave (an event or a hand-over carries it), with its procedure from the catalogue. */
  withProcedure(image: DossierImage): Promise<Dossier>;
  /** The next number of a unit's daily sequence (dossier codes). */
  nextSequence(unit: string, day: string, expiresAt: number): Promise<number>;
  /** The province's key that lookup secrets are derived from, made by the first dossier. */
  lookupKey(province: string): Promise<string>;
  /** The same key if it exists; a reader never makes it. */
  existingLookupKey(province: string): Promise<string | undefined>;
}

/** A province's configuration; every write is versioned and throws CatalogueConflict when it is stale. */
export interface ProvinceStore {
  loadProvince(province: string): Promise<ProvinceConfig | undefined>;
  /** Answers the version written; `expectedVersion` 0 means it must not exist yet. */
  putCommune(commune: Commune, expectedVersion?: number): Promise<number>;
  putCalendar(province: string, calendar: YearCalendar, expectedVersion?: number): Promise<number>;
  putCommuneOverride(province: string, override: CommuneOverride, expectedVersion?: number): Promise<number>;
  /** Publishes the next version of a procedure after `previousVersion`; earlier versions stay on record. */
  putProcedure(province: string, procedure: Omit<Procedure, 'version'>, previousVersion: number): Promise<Procedure>;
  /** Publishes many procedures' next versions, in transactions of several each (a conflict fails its transaction and the rest). */
  putProcedures(province: string, drafts: { procedure: Omit<Procedure, 'version'>; previousVersion: number }[]): Promise<Procedure[]>;
}

/** The stored SLA reports and what reports are computed from. */
export interface ReportStore {
  /** A commune's open dossiers, and how many items were read to find them. */
  openDossiers(commune: string): Promise<{ items: (Dossier & OpenDossier)[]; itemsRead: number }>;
  putSlaReport(report: SlaReport): Promise<void>;
  getSlaReport(commune: string, date: string): Promise<SlaReport | undefined>;
  getSlaReports(communes: string[], date: string): Promise<SlaReport[]>;
  /** The latest day any of these communes has a report of, up to `onOrBefore`. */
  latestSlaReportDate(communes: string[], onOrBefore: string): Promise<string | undefined>;
  /** What statistics and the service index of a period read of a commune's aggregates (`periodKeys`). */
  aggregates(commune: string, period: { from: string; to: string }): Promise<CommuneAggregates>;
  /** A commune's receipts issued on the local days [from, to], in order of issue. */
  receiptsIssued(commune: string, from: string, to: string): Promise<LedgerEntry[]>;
  /** Every online payment a commune owed back, refunded since or not. */
  refundsDue(commune: string): Promise<RefundDue[]>;
  /** The province's dossiers whose change stored before `before` failed to reach the national portal. */
  unsyncedSince(province: string, before: string): Promise<{ commune: string; dossierId: string; code?: string; since: string; error: string }[]>;
}

/** The citizen's side: lookup by code, the rating. */
export interface PublicStore {
  findDossierByCode(code: string): Promise<Dossier | undefined>;
  /** Stores a rating once, on a returned dossier; false when it was rated already. */
  rateDossier(d: Dossier, rating: NonNullable<Dossier['rating']>): Promise<boolean>;
}

/** The access trail's items of their own (every access but a change, which its history entry keeps): appended to, listed, never changed. */
export interface AuditStore {
  recordAccess(entry: AuditEntry): Promise<void>;
  /** Up to `limit` entries after the trail key `after` (audit.ts `trailKey`), oldest first; `more` when some may follow. */
  auditTrail(commune: string, id: string, limit: number, after?: string): Promise<{ items: AuditEntry[]; more: boolean }>;
}

/** The desk's search (exact match on keys-only indexes) and its list of dossiers received for other communes. */
export interface SearchStore {
  /** A commune's dossiers of one applicant, by the HMAC of their ID number or phone, newest first. */
  dossiersByApplicant(
    commune: string,
    kind: 'idNumber' | 'phone',
    hash: string,
    limit: number,
    from?: PagePosition,
  ): Promise<{ items: DossierSummary[]; next?: PagePosition }>;
  /** The dossiers a desk received for other communes of its province, newest first. */
  dossiersReceivedForOthers(receivingUnit: string, limit: number, from?: PagePosition): Promise<{ items: DossierSummary[]; next?: PagePosition }>;
  findDossierByCode(code: string): Promise<Dossier | undefined>;
  existingLookupKey(province: string): Promise<string | undefined>;
}

/** Everything the application stores. */
export type Store = DossierStore & ProvinceStore & ReportStore & PublicStore & AuditStore & SearchStore;

/** The files bucket: URLs signed for browsers and portals, and the server's look at what was stored. */
export interface FileStore {
  /** A URL that uploads exactly this type and size, for `expiresIn` seconds. */
  uploadUrl(key: string, contentType: string, size: number, expiresIn: number): Promise<string>;
  /** A URL that downloads the file under its name, for `expiresIn` seconds. */
  downloadUrl(key: string, name: string, contentType: string, expiresIn: number): Promise<string>;
  /** What was stored under a key (size, first bytes, SHA-256 when asked, its version), or undefined. */
  inspect(key: string, withSha256: boolean): Promise<(StoredObject & { versionId?: string }) | undefined>;
  /** Deletes a file for good (its version, not only a delete marker). */
  remove(key: string, versionId?: string): Promise<void>;
}

/** The province's online payment requests (one per INIT), by reference. */
export interface PaymentRequestStore {
  /** A new request; its reference is new. */
  putPaymentRequest(request: OnlinePayment): Promise<void>;
  getPaymentRequest(province: string, reference: string): Promise<OnlinePayment | undefined>;
  /** Stores what became of a request only while it is still PENDING; false when it was decided already. */
  decidePaymentRequest(request: OnlinePayment): Promise<boolean>;
  /** Records money a commune owes back; a record of the same reference stays as it is. */
  putRefundDue(due: RefundDue): Promise<void>;
  /** A province's requests made on a day (yyyyMMdd). */
  paymentRequestsOn(province: string, day: string): Promise<OnlinePayment[]>;
}

/** The province's online payment platform (the national one, or its own gateway): its adapter. */
export interface PaymentPlatform {
  /** INIT: the address of the payment page it opened. Throws when it refused or could not be reached. */
  init(message: Omit<InitMessage, 'LoaiBanTin' | 'PhienBan' | 'MaDoiTac' | 'MaXacThuc'>): Promise<string>;
  /** QUERY: what the platform knows of a request's transaction, as it signed it. */
  query(reference: string): Promise<TransactionResult>;
  /** The secret shared with the platform (MaXacThuc). */
  secret(): Promise<string>;
  /** MaDoiTac: the province's partner code. */
  partner(): string;
  channel(): PaymentChannel;
}

export interface Clock {
  now(): number;
}

/** The officials of a province's user pool (Cognito, or its local emulation). */
export interface OfficialDirectory {
  list(limit: number, cursor?: string): Promise<{ items: OfficialAccount[]; next?: string }>;
  get(username: string): Promise<OfficialAccount | undefined>;
  /** A new account; the pool e-mails a temporary password. Throws AccountTaken. */
  create(account: OfficialAccount): Promise<OfficialAccount>;
  /** Writes what changed from `before`, removing attributes no longer given. Throws AccountTaken for an e-mail in use. */
  update(account: OfficialAccount, before: OfficialAccount): Promise<void>;
  setEnabled(username: string, enabled: boolean): Promise<void>;
  /** Revokes every refresh token of the account: no new access token until they sign in again. */
  signOutEverywhere(username: string): Promise<void>;
  remove(username: string): Promise<void>;
}
