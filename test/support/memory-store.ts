import { aggregatesOf, contributionOf, dossierPartOf } from '../../shared/domain/aggregates.js';
import { inTrailOrder, trailKey, type AuditEntry } from '../../shared/domain/audit.js';
/**
 * The application's store as a map in memory: the same contract as the DynamoDB repository
 * (versioned saves, idempotency records written first), none of its indexes.
 */
import type { CommuneOverride } from '../../shared/domain/catalogue.js';
import { CatalogueConflict, ReceiptBookMoved, RefundTaken, RegisterMoved, VersionConflict } from '../../shared/domain/conflicts.js';
import type { RefundDue } from '../../shared/domain/payment-platform.js';
import { receiptYear, type LedgerEntry } from '../../shared/domain/payment.js';
import { isOpen, STATUSES, type Dossier } from '../../shared/domain/model.js';
import type { ProvinceConfig } from '../../shared/domain/province.js';
import type { SlaReport } from '../../shared/domain/reports.js';
import type { IdempotencyRecord } from '../../shared/domain/idempotency.js';
import type { DossierSummary } from '../../shared/domain/worklist.js';
import type { MessageStore } from '../../shared/app/notifications.js';
import type { Store } from '../../shared/app/ports.js';

export interface MemoryStore extends Store, Pick<MessageStore, 'listMessages'> {
  dossiers: Map<string, Dossier>;
  provinces: Map<string, ProvinceConfig>;
  /** How many times the store was asked for each province's configuration. */
  provinceReads: Map<string, number>;
}

const keyOf = (commune: string, id: string) => `${commune}/${id}`;
const copy = <T>(value: T): T => structuredClone(value);
const withRef = (d: Dossier) => ({ ...copy(d), procedureRef: { code: d.procedure.code, name: d.procedure.name } });

export function memoryStore(provinces: ProvinceConfig[] = []): MemoryStore {
  const dossiers = new Map<string, Dossier>();
  const idempotency = new Map<string, IdempotencyRecord>();
  const sequences = new Map<string, number>();
  const books = new Map<string, number>();
  const receipts: LedgerEntry[] = [];
  const owed = new Map<string, RefundDue>();
  const provinceReads = new Map<string, number>();
  const configs = new Map(provinces.map((p) => [p.code, p]));
  const versions = new Map<string, number>();
  const reports = new Map<string, SlaReport>();
  const configure = (province: string) => {
    const config = configs.get(province);
    if (!config) throw new Error(`no province ${province}`);
    return config;
  };
  /** A versioned configuration write, as the repository makes it. */
  const versioned = (key: string, expectedVersion: number | undefined, write: () => void) => {
    const current = versions.get(key) ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== current) throw new CatalogueConflict(`it is at version ${current}, not ${expectedVersion}`);
    write();
    versions.set(key, current + 1);
    return current + 1;
  };
  const own = <T extends { code: string } | { year: number }>(list: T[], item: T, same: (a: T) => boolean) => {
    const at = list.findIndex(same);
    if (at >= 0) list[at] = item;
    else list.push(item);
  };
  const lookupKeys = new Map<string, string>();
  const trails = new Map<string, AuditEntry[]>();
  const putIfAbsent = (d: Dossier) => {
    if (dossiers.has(keyOf(d.commune, d.id))) return false;
    dossiers.set(keyOf(d.commune, d.id), copy(d));
    return true;
  };
  return {
    dossiers,
    provinces: configs,
    provinceReads,
    async getDossier(commune, id) {
      const d = dossiers.get(keyOf(commune, id));
      return d && copy(d);
    },
    async saveDossier(d, expectedVersion, ledger, register) {
      if (dossiers.get(keyOf(d.commune, d.id))?.version !== expectedVersion) throw new VersionConflict();
      const registerKey = register && `${d.commune}/REGISTER/${register.year}`;
      if (registerKey && (books.get(registerKey) ?? 0) !== register!.number - 1) throw new RegisterMoved();
      if (registerKey) books.set(registerKey, register!.number);
      const [first] = ledger?.issued ?? [];
      const book = first && `${d.commune}/${first.series}/${receiptYear(first)}`;
      if (book && (books.get(book) ?? 0) !== Math.min(...ledger!.issued.map((r) => r.number)) - 1) throw new ReceiptBookMoved();
      if (book) books.set(book, Math.max(...ledger!.issued.map((r) => r.number)));
      for (const r of ledger?.issued ?? []) receipts.push({ ...copy(r), commune: d.commune, dossierId: d.id, code: d.code ?? '', method: d.payment!.method! });
      for (const r of ledger?.refunded ?? []) {
        const entry = receipts.find((e) => e.commune === d.commune && e.series === r.series && e.number === r.number && e.issuedAt === r.issuedAt);
        if (entry) entry.refundedAt = r.refundedAt!;
      }
      dossiers.set(keyOf(d.commune, d.id), copy(d));
    },
    async lastReceiptNumber(commune, series, year) {
      return books.get(`${commune}/${series}/${year}`) ?? 0;
    },
    async lastRegisterNumber(commune, year) {
      return books.get(`${commune}/REGISTER/${year}`) ?? 0;
    },
    async getRefundDue(commune, reference) {
      const due = owed.get(`${commune}/${reference}`);
      return due && copy(due);
    },
    async saveRefund(d, expected, due, refund) {
      const key = `${due.commune}/${due.reference}`;
      if (owed.get(key)?.status !== 'REFUND_DUE') throw new RefundTaken();
      if (dossiers.get(keyOf(d.commune, d.id))?.version !== expected) throw new VersionConflict();
      dossiers.set(keyOf(d.commune, d.id), copy(d));
      owed.set(key, { ...owed.get(key)!, status: 'REFUNDED', refund: copy(refund) });
    },
    async refundsDue(commune) {
      return copy([...owed.values()].filter((r) => r.commune === commune));
    },
    async receiptsIssued(commune, from, to) {
      return copy(receipts.filter((r) => r.commune === commune && r.issuedAt.slice(0, 10) >= from && r.issuedAt.slice(0, 10) <= to));
    },
    async createDossier(d, record) {
      if (record) {
        const key = `${record.commune}/${record.client}/${record.key}`;
        const earlier = idempotency.get(key);
        if (earlier) return { created: false, earlier: copy(earlier) };
        idempotency.set(key, copy(record));
      }
      if (!putIfAbsent(d) && !record) throw new Error(`a dossier ${d.id} exists already`);
      return { created: true };
    },
    async putDossierIfAbsent(d) {
      return putIfAbsent(d);
    },
    async listDossiers(commune, filter, limit) {
      const rank = (d: Dossier) => STATUSES.indexOf(d.status);
      const items = [...dossiers.values()]
        .filter((d) => d.commune === commune)
        .filter((d) => (['status', 'step', 'department', 'assignee', 'submittedBy'] as const).every((f) => filter[f] === undefined || d[f] === filter[f]))
        .sort((a, b) => rank(a) - rank(b) || a.submittedAt.localeCompare(b.submittedAt))
        .slice(0, limit)
        .map((d): DossierSummary => withRef(d));
      return { items };
    },
    async withProcedure(image) {
      const procedure = [...configs.values()]
        .flatMap((p) => p.procedures)
        .find((p) => p.code === image.procedure.code && p.version === image.procedure.version);
      if (!procedure) throw new Error(`no procedure ${image.procedure.code} v${image.procedure.version}`);
      return { ...image, procedure };
    },
    async nextSequence(unit, day) {
      const next = (sequences.get(`${unit}/${day}`) ?? 0) + 1;
      sequences.set(`${unit}/${day}`, next);
      return next;
    },
    async lookupKey(province) {
      if (!lookupKeys.has(province)) lookupKeys.set(province, `key-of-${province}`);
      return lookupKeys.get(province)!;
    },
    async existingLookupKey(province) {
      return lookupKeys.get(province);
    },
    async loadProvince(province) {
      provinceReads.set(province, (provinceReads.get(province) ?? 0) + 1);
      const config = configs.get(province);
      return config && copy(config);
    },
    async putCommune(commune, expectedVersion) {
      const config = configure(commune.province);
      return versioned(`${commune.province}/commune/${commune.code}`, expectedVersion, () => own(config.communes, commune, (c) => c.code === commune.code));
    },
    async putCalendar(province, calendar, expectedVersion) {
      const config = configure(province);
      return versioned(`${province}/calendar/${calendar.year}`, expectedVersion, () => own(config.calendars, calendar, (c) => c.year === calendar.year));
    },
    async putCommuneOverride(province, override, expectedVersion) {
      const config = configure(province);
      const same = (o: CommuneOverride) => o.commune === override.commune && o.code === override.code;
      return versioned(`${province}/override/${override.commune}/${override.code}`, expectedVersion, () => own(config.overrides, override, same));
    },
    async putProcedure(province, procedure, previousVersion) {
      const config = configure(province);
      const next = { ...procedure, version: previousVersion + 1 };
      const stored = config.procedures.find((p) => p.code === procedure.code)?.version ?? 0;
      if (stored !== previousVersion) throw new CatalogueConflict(`procedure ${procedure.code} changed meanwhile`);
      own(config.procedures, next, (p) => p.code === procedure.code);
      return next;
    },
    async putProcedures(province, drafts) {
      const config = configure(province);
      const stale = drafts.find((d) => (config.procedures.find((p) => p.code === d.procedure.code)?.version ?? 0) !== d.previousVersion);
      if (stale) throw new CatalogueConflict(`procedure ${stale.procedure.code} changed meanwhile`);
      return Promise.all(drafts.map((d) => this.putProcedure(province, d.procedure, d.previousVersion)));
    },
    async openDossiers(commune) {
      const items = [...dossiers.values()].filter((d) => d.commune === commune && isOpen(d.status) && d.dueAt).map(withRef);
      return { items, itemsRead: items.length };
    },
    async putSlaReport(report) {
      reports.set(`${report.commune}/${report.date}`, copy(report));
    },
    async getSlaReport(commune, date) {
      return reports.get(`${commune}/${date}`);
    },
    async getSlaReports(communes, date) {
      return communes.flatMap((c) => reports.get(`${c}/${date}`) ?? []);
    },
    async latestSlaReportDate(communes, onOrBefore) {
      return [...reports.values()]
        .filter((r) => communes.includes(r.commune) && r.date <= onOrBefore)
        .map((r) => r.date)
        .sort()
        .at(-1);
    },
    // The aggregates the stream consumer would keep, counted from the dossiers (no synchronisation state here).
    async aggregates(commune, period) {
      const contributions = [...dossiers.values()]
        .filter((d) => d.commune === commune)
        .map((d) => contributionOf({ ...dossierPartOf(d).facts, synced: false }));
      return aggregatesOf(commune, contributions, period);
    },
    async unsyncedSince() {
      return [];
    },

    async dossiersByApplicant(commune, kind, hash, limit) {
      const items = [...dossiers.values()]
        .filter((d) => d.commune === commune && d.applicantKeys?.[kind] === hash)
        .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
        .slice(0, limit)
        .map((d): DossierSummary => withRef(d));
      return { items };
    },
    async dossiersReceivedForOthers(receivingUnit, limit) {
      const items = [...dossiers.values()]
        .filter((d) => d.receivingUnit === receivingUnit && d.commune !== receivingUnit)
        .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
        .slice(0, limit)
        .map((d): DossierSummary => withRef(d));
      return { items };
    },
    async findDossierByCode(code) {
      const d = [...dossiers.values()].find((x) => x.code === code);
      return d && copy(d);
    },
    async recordAccess(entry) {
      const key = keyOf(entry.commune, entry.dossierId);
      trails.set(key, [...(trails.get(key) ?? []), copy(entry)]);
    },
    async auditTrail(commune, id, limit, after) {
      const all = (trails.get(keyOf(commune, id)) ?? []).filter((e) => after === undefined || trailKey(e) > after).sort(inTrailOrder);
      return { items: all.slice(0, limit), more: all.length > limit };
    },
    // Messages are recorded by the notifications consumer, which no application test runs.
    async listMessages() {
      return [];
    },
    async rateDossier(d, rating) {
      const stored = dossiers.get(keyOf(d.commune, d.id));
      if (!stored || stored.rating || stored.status !== 'RETURNED') return false;
      dossiers.set(keyOf(d.commune, d.id), { ...stored, rating: copy(rating) });
      return true;
    },
  };
}
