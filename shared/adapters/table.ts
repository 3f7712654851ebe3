import { pendingHandoff } from '../domain/lifecycle.js';
import type { Dossier } from '../domain/model.js';

/**
 * The single table. Every key starts with the tenant it belongs to — `C#<commune>` or
 * `P#<province>` — so no query of one tenant can reach another's items. Indexes are named for
 * the access pattern they serve, and so are their key attributes.
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'expiresAt',
  indexes: {
    /** Commune worklist by status and step, newest last. */
    worklist: { pk: 'worklistPK', sk: 'worklistSK', projection: ['id', 'code', 'commune', 'procedureRef', 'department', 'channel', 'status', 'step', 'assignee', 'submittedAt', 'submittedBy', 'dueAt', 'timeliness', 'version'] },
    /** A specialist's own worklist. */
    byAssignee: { pk: 'assigneePK', sk: 'worklistSK', projection: ['id', 'code', 'commune', 'procedureRef', 'department', 'channel', 'status', 'step', 'assignee', 'submittedAt', 'submittedBy', 'dueAt', 'timeliness', 'version'] },
    /** Public lookup by dossier code. */
    byCode: { pk: 'codePK', sk: undefined, projection: [] as string[] },
    /** Sparse: open dossiers of a commune by due time (SLA report). */
    openByDue: {
      pk: 'openPK',
      sk: 'openSK',
      projection: ['id', 'code', 'commune', 'procedureRef', 'department', 'channel', 'status', 'step', 'assignee', 'acceptedAt', 'dueAt', 'steps', 'pausedAt'],
    },
    /** Sparse: dossiers accepted in a month (statistics: received, carried over). */
    acceptedByMonth: { pk: 'acceptedPK', sk: 'acceptedSK', projection: ['id', 'commune', 'procedureRef', 'department', 'channel', 'acceptedAt'] },
    /** Sparse: dossiers closed in a month — result ready, refused or withdrawn (statistics). */
    closedByMonth: {
      pk: 'closedPK',
      sk: 'closedSK',
      projection: ['id', 'commune', 'procedureRef', 'department', 'channel', 'status', 'acceptedAt', 'closedAt', 'completedAt', 'timeliness'],
    },
    /** Sparse: hand-overs stored but not yet recorded by their receiver. */
    inTransit: { pk: 'transitPK', sk: 'transitSK', projection: [] as string[] },
  },
} as const;

export type IndexName = keyof typeof TABLE.indexes;

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
  /** Failed public lookups of a code in one time window (throttling). */
  lookupFailures: (code: string, window: number) => ({ PK: `C#${code.split('-')[0]}#LOOKUP#${code}`, SK: `FAILURES#${window}` }),
  slaReport: (commune: string, date: string) => ({ PK: `C#${commune}#REPORT#SLA`, SK: date }),
  worklistPK: (commune: string) => `C#${commune}#DOSSIERS`,
  assigneePK: (commune: string, assignee: string) => `C#${commune}#ASSIGNEE#${assignee}`,
  openPK: (commune: string) => `C#${commune}#OPEN`,
  transitPK: (province: string) => `P#${province}#IN_TRANSIT`,
  codePK: (code: string) => `CODE#${code}`,
  acceptedPK: (commune: string, month: string) => `C#${commune}#ACCEPTED#${month}`,
  closedPK: (commune: string, month: string) => `C#${commune}#CLOSED#${month}`,
};

const OPEN_STATUSES = new Set(['IN_PROCESSING', 'SUPPLEMENT_REQUESTED']);

/** The stored item of a dossier: the dossier itself plus the keys of every index it belongs to. */
export function dossierItem(d: Dossier): Record<string, unknown> {
  const worklistSK = `${d.status}#${d.step ?? '-'}#${d.submittedAt}#${d.id}`;
  const transit = pendingHandoff(d);
  return {
    ...d,
    ...keys.dossier(d.commune, d.id),
    procedureRef: { code: d.procedure.code, name: d.procedure.name },
    worklistPK: keys.worklistPK(d.commune),
    worklistSK,
    ...(d.assignee ? { assigneePK: keys.assigneePK(d.commune, d.assignee) } : {}),
    ...(d.code ? { codePK: keys.codePK(d.code) } : {}),
    ...(OPEN_STATUSES.has(d.status) && d.dueAt ? { openPK: keys.openPK(d.commune), openSK: `${d.dueAt}#${d.id}` } : {}),
    ...(d.acceptedAt ? { acceptedPK: keys.acceptedPK(d.commune, d.acceptedAt.slice(0, 7)), acceptedSK: `${d.acceptedAt}#${d.id}` } : {}),
    ...(d.closedAt ? { closedPK: keys.closedPK(d.commune, d.closedAt.slice(0, 7)), closedSK: `${d.closedAt}#${d.id}` } : {}),
    ...(transit ? { transitPK: keys.transitPK(d.province), transitSK: `${transit.handedOverAt}#${d.commune}#${d.id}` } : {}),
  };
}

const DERIVED = [
  'PK', 'SK', 'procedureRef', 'worklistPK', 'worklistSK', 'assigneePK', 'codePK', 'openPK', 'openSK',
  'acceptedPK', 'acceptedSK', 'closedPK', 'closedSK', 'transitPK', 'transitSK',
];

export function dossierFromItem(item: Record<string, unknown>): Dossier {
  const copy = { ...item };
  for (const k of DERIVED) delete copy[k];
  return copy as unknown as Dossier;
}
