/** The vocabulary of the one-stop desk (bộ phận một cửa), shared by every layer. */

import type { ChangeAccess } from './audit.js';
import type { ExemptionGroup, FeeLine, Payment, ReceiptBook } from './payment.js';
import type { RegisterEntry, SigningSession } from './signing.js';

export const DEPARTMENTS = ['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export const ROLES = ['PORTAL', 'RECEPTION', 'DEPT_HEAD', 'SPECIALIST', 'LEADER', 'CLERK', 'PROVINCE_ADMIN', 'PROVINCE_AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/** Roles of the provincial office: no commune, the whole province. */
export const PROVINCE_ROLES: readonly Role[] = ['PROVINCE_ADMIN', 'PROVINCE_AUDITOR'];

export const STATUSES = ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_PROCESSING', 'SUPPLEMENT_REQUESTED', 'REFUSED', 'RESULT_READY', 'RETURNED', 'WITHDRAWN'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * A dossier is open while it is being worked: before acceptance, accepted and waiting for its fees
 * (the clock starts when they are paid), in processing, or waiting for a supplement. Every other
 * status is closed: the processing clock has stopped for good (refused, withdrawn, or the result
 * is at the desk) — RETURNED only follows RESULT_READY.
 */
export const OPEN_STATUSES: readonly Status[] = ['SUBMITTED', 'AWAITING_PAYMENT', 'IN_PROCESSING', 'SUPPLEMENT_REQUESTED'];
export const isOpen = (status: Status): boolean => OPEN_STATUSES.includes(status);

/** Internal steps while IN_PROCESSING, each with its own budget and deadline. */
export const STEPS = ['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE'] as const;
export type Step = (typeof STEPS)[number];

export const CHANNELS = ['ONLINE', 'IN_PERSON', 'POSTAL'] as const;
export type Channel = (typeof CHANNELS)[number];

export const DOCUMENT_KINDS = ['ORIGINAL', 'COPY', 'CERTIFIED_COPY'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** How a completed step or dossier compares with its deadline. */
export type Timeliness = 'EARLY' | 'ON_TIME' | 'LATE';
/** How an open step or dossier stands against its deadline now. */
export type Standing = 'ON_TRACK' | 'AT_RISK' | 'OVERDUE';

export type Processing = { kind: 'WORKING_DAYS'; days: number } | { kind: 'SAME_DAY' };
export type SupplementRule = 'PAUSE' | 'RESET';

/** A catalogued administrative procedure (thủ tục hành chính), one version of it. */
export interface Procedure {
  code: string;
  name: string;
  department: Department;
  processing: Processing;
  /** Working days per step; they add up to the processing days. */
  stepBudgets: Record<Step, number>;
  requiredDocuments: string[];
  /** Its fees (phí, lệ phí); none when it is free. */
  fees?: FeeLine[];
  /** Groups exempt from a share of the fees. */
  exemptions?: ExemptionGroup[];
  /** Working days an accepted dossier has to pay fees due at reception; DEFAULT_PAYMENT_LIMIT_DAYS when absent. */
  paymentLimitDays?: number;
  supplementRule: SupplementRule;
  /** Working days the applicant has to supply missing documents; DEFAULT_SUPPLEMENT_LIMIT_DAYS when absent. */
  supplementLimitDays?: number;
  /** The field (lĩnh vực) the province's annex files it under, e.g. "Hộ tịch". */
  field?: string;
  /** The legal basis (căn cứ pháp lý) the annex cites. */
  legalBasis?: string;
  version: number;
  /** The commune whose shorter time (processing and step budgets) this is, in place of the province's. */
  committedBy?: string;
}

export const DEFAULT_SUPPLEMENT_LIMIT_DAYS = 15;

/** A commune (xã) of a province: the tenant, identified by its unit code. */
export interface Commune {
  code: string;
  province: string;
  name: string;
  /** Its Public Administrative Service Center(s). */
  centers?: { name: string; address: string }[];
  departments?: Department[];
  /** Office e-mail addresses that get the morning SLA digest (the leader's, the heads'). */
  reportRecipients?: string[];
  /** The template and series its receipts carry; DEFAULT_RECEIPT_BOOK when absent. */
  receiptBook?: ReceiptBook;
  /** The bank account fees are transferred to: printed as a VietQR on the receipt and the fee notice. */
  collectionAccount?: CollectionAccount;
}

/** The account a commune collects fees into. */
export interface CollectionAccount {
  /** The bank's six-digit NAPAS BIN (e.g. 970405). */
  bankBin: string;
  /** At most 19 letters and digits, as NAPAS numbers accounts. */
  accountNumber: string;
  /** The account holder, printed beside the code (banking apps show their own lookup of it). */
  accountName: string;
}

/**
 * Who a record names: the account (`sub`) and the official's name as it was when they acted.
 * Records made before tokens carried names, and the system's own steps, have no name.
 */
export interface ActedBy {
  sub: string;
  name?: string;
}

/** The longest official's name a token or a record carries (Cognito's `name` attribute allows more; a person's name never needs it). */
export const OFFICIAL_NAME_MAX = 100;

/** The accounts the system's own steps are recorded under (no official acts there). */
export const SYSTEM_ACTORS = {
  /** A department's intake consumer recording a dossier handed over to it. */
  departmentIntake: (department: Department) => `department:${department}`,
  /** The desk's consumer recording a result that reached it. */
  resultsIntake: 'desk:results-intake',
  /** The schedule that refuses a dossier whose supplement did not come in time. */
  supplementExpiry: 'system:supplement-expiry',
  /** The schedule that refuses a dossier whose fees due at reception were not paid in time. */
  paymentExpiry: 'system:payment-expiry',
  /** The national Payment Platform (or the province's gateway) reporting a payment made online. */
  paymentPlatform: 'system:payment-platform',
} as const;

/** A record's name field beside its account field (`actorName`, `byName`…), when the actor has a name. */
export const nameField = <K extends string>(key: K, who: ActedBy): Partial<Record<K, string>> => (who.name ? ({ [key]: who.name } as Record<K, string>) : {});

/** Who acts: the verified claims of a token. */
export interface Actor extends ActedBy {
  roles: Role[];
  province: string;
  commune?: string;
  department?: Department;
}

export interface DossierDocument {
  name: string;
  kind: DocumentKind;
  count: number;
}

export interface Applicant {
  name: string;
  idNumber: string;
  phone?: string;
  email?: string;
  address: string;
  /** How the applicant is told of their dossier; SMS when absent and a phone is given. */
  notify?: ('SMS' | 'EMAIL' | 'ZALO')[];
}

/** One line of the process control sheet (phiếu kiểm soát quá trình, Form 06). */
export interface StepRecord {
  step: Step;
  department: Department | 'DESK';
  actor?: string;
  actorName?: string;
  startedAt: string;
  dueAt: string;
  completedAt?: string;
  timeliness?: Timeliness;
}

/** A hand-over between the desk and a department, or back. */
export interface Handoff {
  from: Department | 'DESK';
  to: Department | 'DESK';
  handedOverBy: string;
  handedOverByName?: string;
  handedOverAt: string;
  receivedBy?: string;
  receivedAt?: string;
  /** Of the step that ended with this hand-over. */
  timeliness?: Timeliness;
}

export const ATTACHMENT_PURPOSES = ['APPLICATION', 'SUPPLEMENT', 'SCAN', 'RESULT', 'WORKING_PAPER'] as const;
/** What a file is for: the application, a supplement, a scan of paper documents (digitisation), the signed result, a specialist's working paper. */
export type AttachmentPurpose = (typeof ATTACHMENT_PURPOSES)[number];

/** A file of a dossier; its bytes live in the province's bucket, under the commune and the dossier. */
export interface Attachment {
  id: string;
  name: string;
  purpose: AttachmentPurpose;
  contentType: 'application/pdf' | 'image/jpeg' | 'image/png';
  /** Declared bytes; the stored object must have exactly these. */
  size: number;
  /** Declared hex SHA-256, checked against the stored object when given. */
  sha256?: string;
  /** PENDING until the upload is checked; REJECTED files are deleted, their reason kept. */
  status: 'PENDING' | 'AVAILABLE' | 'REJECTED';
  reason?: string;
  createdAt: string;
  /** When the stored file was checked and accepted. */
  uploadedAt?: string;
  uploadedBy: string;
  uploadedByName?: string;
}

export interface HistoryEntry {
  at: string;
  action: string;
  actor: string;
  actorName?: string;
  status: Status;
  step?: Step;
  note?: string;
  /** A change made through the API: its access trail entry (audit.ts), chained with the rest. */
  access?: ChangeAccess;
  /** SHA-256 (hex) of the entry's canonical form, which includes the previous entry's hash (history-chain.ts). */
  hash: string;
}

export interface Dossier {
  id: string;
  code?: string;
  province: string;
  /** The competent commune, which works the dossier and owns it. */
  commune: string;
  /** The unit whose desk received it (its code prefixes the dossier code). */
  receivingUnit: string;
  procedure: Procedure;
  department: Department;
  channel: Channel;
  applicant: Applicant;
  documents: DossierDocument[];
  note?: string;
  status: Status;
  step?: Step;
  assignee?: string;
  submittedAt: string;
  submittedBy: string;
  acceptedAt?: string;
  dueAt?: string;
  steps: StepRecord[];
  handoffs: Handoff[];
  pausedAt?: string;
  /** Status to resume on a complete supplement. */
  resumeStatus?: 'SUBMITTED' | 'IN_PROCESSING';
  /** The latest supplement request (Form 02), kept after it is answered. */
  supplementRequest?: {
    reason: string;
    documents: string[];
    requestedBy: string;
    requestedByName?: string;
    requestedAt: string;
    /** Past this, without the documents, the dossier is refused. */
    supplyBy: string;
    suppliedAt?: string;
  };
  proposal?: { outcome: 'APPROVE' | 'REJECT'; summary: string; by: string; byName?: string };
  review?: { agree: boolean; note: string; by: string; byName?: string };
  /** The apology and new appointment (Form 04); superseded when a RESET supplement restarts the time. */
  extension?: { originalDueAt: string; newDueAt: string; reason: string; by: string; byName?: string; at: string; supersededAt?: string };
  /** `electronic` once the clerk attached the signed result as a file (kết quả điện tử). */
  result?: { decision: 'APPROVED' | 'REJECTED'; note: string; electronic?: boolean };
  refusal?: { reason: string };
  withdrawal?: { reason: string };
  /** The fees asked of it: at acceptance, or when the result reaches the desk (payment.ts). */
  payment?: Payment;
  /** When the result reached the desk (RESULT_READY). */
  completedAt?: string;
  /** When the dossier stopped counting time: result at the desk, refusal or withdrawal. */
  closedAt?: string;
  returnedAt?: string;
  timeliness?: Timeliness;
  history: HistoryEntry[];
  /** The signings of its result file: the leader's at approval, the seal's at issuance, each once. */
  signings?: SigningSession[];
  /** The result's line in the commune's outgoing register, once issued. */
  registration?: RegisterEntry;
  /** The citizen's satisfaction rating, once, after the result was returned. */
  rating?: { score: number; comment?: string; at: string };
  attachments?: Attachment[];
  /** Paper documents scanned at the desk (số hóa hồ sơ): how many files, first and last. */
  digitisation?: { files: number; firstAt: string; lastAt: string };
  lookupSecretHash: string;
  /**
   * HMACs of the applicant's ID number and phone under the province's key: what the desk's
   * search finds a dossier by, so neither is ever an index key in clear.
   */
  applicantKeys?: { idNumber: string; phone?: string };
  version: number;
}
