import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { pendingHandoff } from '../domain/lifecycle.js';
import { isOpen, STATUSES, type Dossier, type Status } from '../domain/model.js';

/** What a worklist page shows of a dossier: the worklist index projects exactly these. */
export const SUMMARY_FIELDS = [
  'id',
  'code',
  'commune',
  'procedureRef',
  'applicantName',
  'department',
  'channel',
  'status',
  'step',
  'assignee',
  'submittedAt',
  'submittedBy',
  'dueAt',
  'pausedAt',
  'timeliness',
  'version',
] as const;

/**
 * The single table. Every key starts with the tenant it belongs to — `C#<commune>` or
 * `P#<province>` — so no query of one tenant can reach another's items. Indexes are named for
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
    worklist: { pk: 'worklistPK', sk: 'worklistSK', projection: [...SUMMARY_FIELDS] as string[] },
    /** Sparse: a specialist's open dossiers. */
    byAssignee: { pk: 'assigneePK', sk: 'worklistSK', projection: [] as string[] },
    /** Public lookup by dossier code. */
    byCode: { pk: 'codePK', sk: undefined, projection: [] as string[] },
    /** Sparse: a commune's open dossiers by due time (SLA report, statistics). */
    openByDue: { pk: 'openPK', sk: 'openSK', projection: [] as string[] },
    /** Sparse: dossiers accepted in a month (statistics: received, carried over). */
    acceptedByMonth: { pk: 'acceptedPK', sk: 'acceptedSK', projection: [] as string[] },
    /** Sparse: dossiers closed in a month — result ready, refused or withdrawn (statistics). */
    closedByMonth: { pk: 'closedPK', sk: 'closedSK', projection: [] as string[] },
    /** Sparse: hand-overs stored but not yet recorded by their receiver. */
    inTransit: { pk: 'transitPK', sk: 'transitSK', projection: [] as string[] },
    /** A commune's dossiers of one applicant, by the HMAC of their ID number (never the number), newest first. */
    byIdNumber: { pk: 'idNumberPK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: a commune's dossiers of one applicant, by the HMAC of their phone. */
    byPhone: { pk: 'phonePK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: what a desk received for another commune of the province (province-wide reception), newest first. */
    receivedForOthers: { pk: 'receivedPK', sk: 'worklistSK', projection: [] as string[] },
  },
} as const;

export type IndexName = keyof typeof TABLE.indexes;

/** The partition keys of access trails, as an IAM StringLike pattern (dynamodb:LeadingKeys). */
export const AUDIT_LEADING_KEYS = 'C#*#AUDIT#*';
/** The partition keys of portals' webhooks, as an IAM StringLike pattern: the only items ever deleted. */
export const WEBHOOK_LEADING_KEYS = 'P#*#WEBHOOKS#*';
export const isAuditKey = (pk: string): boolean => /^C#[^#]+#AUDIT#/.test(pk);

export const keys = {
  dossier: (commune: string, id: string) => ({ PK: `C#${commune}#DOSSIER#${id}`, SK: 'DOSSIER' }),
  idempotency: (commune: string, client: string, key: string) => ({
    PK: `C#${commune}#IDEMPOTENCY#${client}#${key}`,
    SK: 'IDEMPOTENCY',
  }),
  sequence: (unit: string, day: string) => ({ PK: `C#${unit}#SEQUENCE#${day}`, SK: 'SEQUENCE' }),
  province: (province: string) => ({ PK: `P#${province}`, SK: 'PROVINCE' }),
  commune: (province: string, commune: string) => ({ PK: `P#${province}`, SK: `COMMUNE#${commune}` }),
  calendar: (province: string, year: number) => ({ PK: `P#${province}`, SK: `CALENDAR#${year}` }),
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
   * A dossier's access trail: items of their own, never expired, sorted by time. Their key is
   * told apart from every other item's, so a read-only function may append to it and write nothing else.
   */
  audit: (commune: string, id: string, at: string, requestId: string) => ({ PK: keys.auditPK(commune, id), SK: `${at}#${requestId}` }),
  auditPK: (commune: string, id: string) => `C#${commune}#AUDIT#${id}`,
  slaReport: (commune: string, date: string) => ({ PK: `C#${commune}#REPORT#SLA`, SK: date }),
  worklistPK: (commune: string, status: Status) => `C#${commune}#STATUS#${status}`,
  assigneePK: (commune: string, assignee: string) => `C#${commune}#ASSIGNEE#${assignee}`,
  openPK: (commune: string) => `C#${commune}#OPEN`,
  transitPK: (province: string) => `P#${province}#IN_TRANSIT`,
  codePK: (code: string) => `CODE#${code}`,
  acceptedPK: (commune: string, month: string) => `C#${commune}#ACCEPTED#${month}`,
  closedPK: (commune: string, month: string) => `C#${commune}#CLOSED#${month}`,
  idNumberPK: (commune: string, hash: string) => `C#${commune}#ID_NUMBER#${hash}`,
  phonePK: (commune: string, hash: string) => `C#${commune}#PHONE#${hash}`,
  receivedPK: (receivingUnit: string) => `C#${receivingUnit}#RECEIVED_FOR_OTHERS`,
};

/** A dossier's summary, what the worklist shows of it: its own fields and two derived ones. */
export function summaryAttributes(d: Dossier): Record<string, unknown> {
  const derived = { procedureRef: { code: d.procedure.code, name: d.procedure.name }, applicantName: d.applicant.name };
  return Object.fromEntries(
    SUMMARY_FIELDS.flatMap((f) => {
      const value = f === 'procedureRef' || f === 'applicantName' ? derived[f] : d[f];
      return value === undefined ? [] : [[f, value]];
    }),
  );
}

/** The statuses in the order an unfiltered worklist walks them. */
export const WORKLIST_ORDER: readonly Status[] = STATUSES;

/**
 * The stored item of a dossier: its summary fields as attributes (what indexes key and
 * project on), the whole dossier as compressed JSON (a fraction of the write units), and the
 * keys of every index it belongs to now.
 */
export function dossierItem(d: Dossier): Record<string, unknown> {
  const { rating: _rating, ...stored } = d;
  const open = isOpen(d.status);
  const transit = pendingHandoff(d);
  const summary = summaryAttributes(d);
  return {
    ...keys.dossier(d.commune, d.id),
    ...summary,
    body: deflateRawSync(Buffer.from(JSON.stringify(stored))),
    worklistPK: keys.worklistPK(d.commune, d.status),
    worklistSK: `${d.submittedAt}#${d.id}`,
    ...(open && d.assignee ? { assigneePK: keys.assigneePK(d.commune, d.assignee) } : {}),
    ...(d.code ? { codePK: keys.codePK(d.code) } : {}),
    ...(open && d.dueAt ? { openPK: keys.openPK(d.commune), openSK: `${d.dueAt}#${d.id}` } : {}),
    ...(d.acceptedAt ? { acceptedPK: keys.acceptedPK(d.commune, d.acceptedAt.slice(0, 7)), acceptedSK: `${d.acceptedAt}#${d.id}` } : {}),
    ...(d.closedAt ? { closedPK: keys.closedPK(d.commune, d.closedAt.slice(0, 7)), closedSK: `${d.closedAt}#${d.id}` } : {}),
    ...(transit ? { transitPK: keys.transitPK(d.province), transitSK: `${transit.handedOverAt}#${d.commune}#${d.id}` } : {}),
    // Keys that never change after submission: these indexes are written once, at creation.
    ...(d.applicantKeys ? { idNumberPK: keys.idNumberPK(d.commune, d.applicantKeys.idNumber) } : {}),
    ...(d.applicantKeys?.phone ? { phonePK: keys.phonePK(d.commune, d.applicantKeys.phone) } : {}),
    ...(d.receivingUnit !== d.commune ? { receivedPK: keys.receivedPK(d.receivingUnit) } : {}),
  };
}

/** The dossier of a stored item; a rating is written beside the body, once, and read back into it. */
export function dossierFromItem(item: Record<string, unknown>): Dossier {
  const dossier = JSON.parse(inflateRawSync(item.body as Uint8Array).toString('utf8')) as Dossier;
  return item.rating ? { ...dossier, rating: item.rating as Dossier['rating'] } : dossier;
}

/** The table key of a dossier from any of its index entries (keys-only projections). */
export const tableKey = (item: Record<string, unknown>) => ({ PK: item.PK as string, SK: item.SK as string });
