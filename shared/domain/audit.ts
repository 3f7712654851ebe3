import type { Dossier, HistoryEntry, Role } from './model.js';

/**
 * One access to a dossier on record (nhật ký truy cập): who (the token's sub and roles), what
 * (read, a form, a change), which dossier, when and from which address. It never holds the
 * personal data that was read or changed, only that it was.
 */
export interface AuditEntry {
  at: string;
  sub: string;
  roles: Role[];
  /** `read`, `form-06`, `create`, `accept`, … (a workflow step by its action), `audit-read`. */
  action: string;
  commune: string;
  dossierId: string;
  sourceIp: string;
  /** The API request that made the access, to find it in the access logs. */
  requestId: string;
}

/**
 * Who made a change through the API, kept in the change's history entry (and so in its hash
 * chain) rather than as an entry of its own: when to the millisecond, the token's roles, and
 * where the request came from. The entry's actor is the token's sub.
 */
export interface ChangeAccess {
  at: string;
  roles: Role[];
  sourceIp: string;
  requestId: string;
}

/** What the application knows of a change's request before it is made: all of its access but the time. */
export type ChangeSource = Omit<ChangeAccess, 'at'>;

/** The route a history action was taken through, where the two names differ. */
const ROUTE_ACTIONS: Record<string, string> = { submit: 'create', reassign: 'assign' };

/** The trail's key order: time to the millisecond, then the request (ties are rare, and then stable). */
export const trailKey = (e: Pick<AuditEntry, 'at' | 'requestId'>): string => `${e.at}#${e.requestId}`;
export const inTrailOrder = (a: AuditEntry, b: AuditEntry): number => (trailKey(a) < trailKey(b) ? -1 : trailKey(a) > trailKey(b) ? 1 : 0);

/** The trail entries of a dossier's changes made through the API, in time order, as the trail shows them. */
export function changesOnTrail(d: Pick<Dossier, 'commune' | 'id' | 'history'>): AuditEntry[] {
  return d.history
    .filter((h): h is HistoryEntry & { access: ChangeAccess } => h.access !== undefined)
    .map(({ action, actor, access }) => ({
      at: access.at,
      sub: actor,
      roles: access.roles,
      action: ROUTE_ACTIONS[action] ?? action,
      commune: d.commune,
      dossierId: d.id,
      sourceIp: access.sourceIp,
      requestId: access.requestId,
    }))
    .sort(inTrailOrder);
}
