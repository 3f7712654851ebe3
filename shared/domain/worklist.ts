import type { Dossier, Status, Step } from './model.js';

/** What a line of a dossier list (worklist, search, received for others) shows of a dossier. */
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

export type DossierSummary = Pick<Dossier, Exclude<(typeof SUMMARY_FIELDS)[number], 'procedureRef' | 'applicantName'>> & {
  procedureRef: { code: string; name: string };
  /** Absent on dossiers stored before the worklist showed it. */
  applicantName?: string;
};

/** What a worklist line shows of a dossier. */
export const summaryOf = (d: Dossier): DossierSummary =>
  Object.fromEntries(
    SUMMARY_FIELDS.flatMap((f) => {
      const value = f === 'procedureRef' ? { code: d.procedure.code, name: d.procedure.name } : f === 'applicantName' ? d.applicant.name : d[f];
      return value === undefined ? [] : [[f, value]];
    }),
  ) as DossierSummary;

/** What a commune's worklist can be narrowed by. */
export interface DossierFilter {
  status?: Status;
  step?: Step;
  department?: string;
  assignee?: string;
  submittedBy?: string;
  /**
   * Whether the applicant has answered the dossier's last supplement request (đã bổ sung): with
   * status SUBMITTED, the dossiers whose supplied documents wait for the desk to check them.
   */
  supplied?: boolean;
}

/** Whether a dossier's last supplement request has been answered. */
export const isSupplied = (d: Dossier): boolean => d.supplementRequest?.suppliedAt !== undefined;

/**
 * Where a page of a list ends, as the store that read it says: opaque to everyone else, who hand
 * it back (inside a signed cursor) to read the next page.
 */
export type PagePosition = Record<string, unknown>;
