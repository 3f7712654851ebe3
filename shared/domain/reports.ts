import type { WorkingCalendar } from './calendar.js';
import { hoursPastDue, judgedAt, standingOf } from './deadlines.js';
import type { Department, Dossier, Standing, Status, Step } from './model.js';
import { parseInstant, toVietnamIso, type Instant } from './time.js';

/** What the SLA report needs of an open dossier. */
export type OpenDossier = Pick<Dossier, 'id' | 'commune' | 'department' | 'status' | 'dueAt' | 'steps'> &
  Partial<Pick<Dossier, 'code' | 'assignee' | 'step' | 'pausedAt'>> & { procedureRef: { code: string; name: string } };

export interface SlaEntry {
  dossierId: string;
  code?: string;
  procedure: { code: string; name: string };
  department: Department;
  status: Status;
  /** DOSSIER for the appointment given to the citizen, STEP for the current internal step. */
  level: 'DOSSIER' | 'STEP';
  step?: Step;
  stepDepartment?: Department | 'DESK';
  assignee?: string;
  standing: Exclude<Standing, 'ON_TRACK'>;
  dueAt: string;
  /** Working hours past due; 0 for AT_RISK. */
  hoursPastDue: number;
}

/** A dossier whose change has not reached the national portal within the hour allowed. */
export interface NotSyncedEntry {
  dossierId: string;
  code?: string;
  /** When the change the portal does not have was stored. */
  since: string;
  /** Hours since then, wall-clock, to one decimal. */
  hoursNotSynced: number;
  /** The adapter's message of the last try. */
  error: string;
}

/** A certificate registered to sign for the commune that expires within 30 days, or has expired. */
export interface ExpiringCertificate {
  role: 'LEADER' | 'SEAL';
  /** The official a leader's certificate is registered to. */
  sub?: string;
  subject: string;
  fingerprint: string;
  notAfter: string;
}

/** The SLA-breach report (báo cáo trễ hạn) of one commune for one day. */
export interface SlaReport {
  commune: string;
  date: string;
  generatedAt: string;
  openDossiers: number;
  overdue: number;
  atRisk: number;
  entries: SlaEntry[];
  /** Its own section: the commune's dossiers not synchronised with the national portal within an hour, longest first. */
  notSynced: NotSyncedEntry[];
  /** Its own section: the certificates registered to sign for the commune that expire within 30 days, soonest first. */
  expiringCertificates: ExpiringCertificate[];
}

/**
 * Every OVERDUE and AT_RISK dossier and current step among a commune's open dossiers. A paused
 * dossier (awaiting a supplement) is judged as of its pause: its clock is stopped.
 */
export function slaBreaches(open: OpenDossier[], calendar: WorkingCalendar, now: Instant): SlaEntry[] {
  const entries: SlaEntry[] = [];
  for (const d of open) {
    if (!d.dueAt) continue;
    const asOf = judgedAt(now, d.pausedAt);
    const judge = (due: string) => {
      const standing = standingOf(calendar, asOf, parseInstant(due));
      return standing === 'ON_TRACK' ? undefined : { standing, hoursPastDue: hoursPastDue(calendar, asOf, parseInstant(due)) };
    };
    const common = {
      dossierId: d.id,
      ...(d.code ? { code: d.code } : {}),
      procedure: d.procedureRef,
      department: d.department,
      status: d.status,
      ...(d.assignee ? { assignee: d.assignee } : {}),
    };
    const dossier = judge(d.dueAt);
    if (dossier) entries.push({ ...common, level: 'DOSSIER', dueAt: d.dueAt, ...dossier });
    const current = d.steps.at(-1);
    if (current && !current.completedAt) {
      const step = judge(current.dueAt);
      if (step) {
        entries.push({
          ...common,
          level: 'STEP',
          step: current.step,
          stepDepartment: current.department,
          ...(current.actor ? { assignee: current.actor } : {}),
          dueAt: current.dueAt,
          ...step,
        });
      }
    }
  }
  return entries.sort((a, b) => b.hoursPastDue - a.hoursPastDue || a.dueAt.localeCompare(b.dueAt));
}

export function slaReport(
  commune: string,
  date: string,
  open: OpenDossier[],
  calendar: WorkingCalendar,
  now: Instant,
  unsynced: { dossierId: string; code?: string; since: string; error: string }[] = [],
  expiring: ExpiringCertificate[] = [],
): SlaReport {
  const entries = slaBreaches(open, calendar, now);
  const dossiersWith = (standing: SlaEntry['standing']) =>
    new Set(entries.filter((e) => e.level === 'DOSSIER' && e.standing === standing).map((e) => e.dossierId)).size;
  return {
    commune,
    date,
    generatedAt: toVietnamIso(now),
    openDossiers: open.length,
    overdue: dossiersWith('OVERDUE'),
    atRisk: dossiersWith('AT_RISK'),
    entries,
    notSynced: unsynced
      .map((u) => ({
        dossierId: u.dossierId,
        ...(u.code ? { code: u.code } : {}),
        since: u.since,
        hoursNotSynced: Math.floor((now - parseInstant(u.since)) / 360_000) / 10,
        error: u.error,
      }))
      .sort((a, b) => b.hoursNotSynced - a.hoursNotSynced || a.dossierId.localeCompare(b.dossierId)),
    expiringCertificates: [...expiring].sort((a, b) => a.notAfter.localeCompare(b.notAfter)),
  };
}
