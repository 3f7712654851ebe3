import type { Role } from './model.js';

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
