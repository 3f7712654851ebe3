import type { Action } from '../../../shared/domain/lifecycle.js';
import type {
  Channel,
  Department,
  DocumentKind,
  HistoryEntry,
  Processing,
  Role,
  Standing,
  Status,
  Step,
  StepRecord,
  Timeliness,
} from '../../../shared/domain/model.js';

export type { Action, Channel, Department, DocumentKind, Role, Standing, Status, Step, Timeliness };
export type { ReceiptForm, ControlSheetForm } from '../../../shared/domain/forms.js';
export type { SlaReport, SlaEntry } from '../../../shared/domain/reports.js';
export type { Statistics, StatisticsLine, Grouping } from '../../../shared/domain/statistics.js';

/** An RFC 9457 problem, as every refused call answers. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { path: string; message: string }[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface DossierSummary {
  id: string;
  code: string | null;
  commune: string;
  procedure: { code: string; name: string };
  applicantName?: string;
  department: Department;
  channel: Channel;
  status: Status;
  step?: Step;
  assignee?: string;
  submittedAt: string;
  dueAt?: string;
  pausedAt?: string;
  timeliness: Timeliness | Standing | null;
  version: number;
  nationalStatus: number;
}

export interface DossierDocument {
  name: string;
  kind: DocumentKind;
  count: number;
}

export interface Dossier {
  id: string;
  code: string | null;
  commune: string;
  province: string;
  receivingUnit: string;
  procedure: { code: string; name: string; version: number };
  department: Department;
  channel: Channel;
  applicant: { name: string; idNumber: string; phone: string | null; email: string | null; address: string };
  documents: DossierDocument[];
  note?: string;
  status: Status;
  nationalStatus: number;
  step: Step | null;
  assignee: string | null;
  submittedAt: string;
  submittedBy: string;
  acceptedAt: string | null;
  dueAt: string | null;
  steps: StepRecord[];
  handoffs: { from: string; to: string; handedOverBy: string; handedOverAt: string; receivedBy?: string; receivedAt?: string }[];
  pausedAt: string | null;
  supplementRequest?: { reason: string; documents: string[]; requestedBy: string; requestedAt: string; supplyBy: string; suppliedAt?: string };
  proposal?: { outcome: 'APPROVE' | 'REJECT'; summary: string; by: string };
  review?: { agree: boolean; note: string; by: string };
  extension?: { originalDueAt: string; newDueAt: string; reason: string; by: string; at: string; supersededAt?: string };
  result: { decision: 'APPROVED' | 'REJECTED'; note: string } | null;
  refusal?: { reason: string };
  withdrawal?: { reason: string };
  completedAt: string | null;
  returnedAt: string | null;
  timeliness: Timeliness | null;
  history: HistoryEntry[];
  version: number;
  /** What the signed-in official may do now, by the domain's own rules. */
  allowedActions: Action[];
  lookupSecret?: string;
}

export interface Procedure {
  code: string;
  name: string;
  department: Department;
  processing: Processing;
  requiredDocuments: string[];
  fee: number;
}

export interface Official {
  sub: string;
  name: string;
  roles: Role[];
  province: string;
  commune?: string;
  department?: Department;
}
