/**
 * The forms of the one-stop mechanism (Circular 03/2025/TT-VPCP), each derived from the dossier
 * record alone. Pure: no I/O, no clock (the caller passes `generatedAt` when it wants one).
 *
 * Absent values are `null`, as blanks on the paper form. Officials are printed by name (the one
 * kept with the record), a record made before names by its account, the system's own steps in words. Forms that the applicant receives or
 * that the desk keeps about the applicant (01–05, 07) name the applicant; the process control
 * sheet (06) travels between offices and does not.
 */
import { actorLabel } from './glossary.js';
import type { Channel, CollectionAccount, Commune, Department, Dossier, DossierDocument, HistoryEntry, Processing, Status, Step, Timeliness } from './model.js';
import { historyHead, type HistoryHead } from './history-chain.js';
import { promisedDueAt } from './lifecycle.js';
import { amountDue, feeTotal } from './payment.js';
import { commonName, signedSessions, type SignerRole } from './signing.js';
import { parseInstant } from './time.js';

export const FORMS = ['01', '02', '03', '04', '05', '06', '07'] as const;
export type FormNumber = (typeof FORMS)[number];

export const FORM_TITLES: Record<FormNumber, string> = {
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
  '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
  '04': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
  '05': 'Phiếu dừng giải quyết hồ sơ',
  '06': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  '07': 'Sổ theo dõi hồ sơ',
};

export const FORMS_LEGAL_BASIS = 'Thông tư 03/2025/TT-VPCP';

/**
 * The citizen's page of a dossier (trang tra cứu), which Form 01's QR code and every message to
 * the applicant open. The secret sits in the fragment, which the browser never sends: no server,
 * proxy or access log sees it (the page sends it in a request body). Without a secret the page
 * asks for the one printed on the receipt.
 */
export const citizenPageUrl = (publicOrigin: string, code: string, secret?: string): string =>
  `${publicOrigin}/tra-cuu/${encodeURIComponent(code)}${secret ? `#${encodeURIComponent(secret)}` : ''}`;

/** What every form carries at its head. */
export interface FormHeader<N extends FormNumber> {
  form: N;
  title: string;
  legalBasis: typeof FORMS_LEGAL_BASIS;
  /** The unit whose desk received the dossier and issues the form (its electronic identifier). */
  issuingUnit: string;
  /** Its name ("Tân Uyên"), when the caller knows the province's communes. */
  issuingUnitName?: string;
  /** The competent commune, which works the dossier. */
  commune: string;
  province: string;
  /** Null before acceptance (a refusal, a withdrawal of a dossier never accepted). */
  dossierCode: string | null;
  procedure: { code: string; name: string };
  generatedAt?: string;
}

/** The applicant as a notice addresses them. */
export interface Addressee {
  name: string;
  address: string;
}

/** Form 01 — giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptForm extends FormHeader<'01'> {
  applicant: Addressee & { phone: string | null; email: string | null };
  channel: Channel;
  documents: DossierDocument[];
  /** Sets of dossiers (bộ hồ sơ): one per dossier. */
  dossierSets: number;
  processing: Processing;
  fee: number;
  receivedAt: string;
  receivedBy: string | null;
  /** The appointment to return the result; a later apology's new date is on Form 04, not here. */
  dueAt: string;
  department: Department;
  /** How to pay what is due by bank transfer; null when nothing is due or the commune has no collection account. */
  transfer: BankTransfer | null;
}

/** A transfer to the commune's collection account, with the VietQR a banking app reads. */
export interface BankTransfer extends CollectionAccount {
  amount: number;
  /** The NAPAS EMVCo payload, printed as a QR code. */
  vietQr: string;
}

/** Form 02 — phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (the latest request). */
export interface SupplementRequestForm extends FormHeader<'02'> {
  applicant: Addressee;
  /** RECEPTION: asked by the desk before acceptance; PROCESSING: by the department, clock paused. */
  stage: 'RECEPTION' | 'PROCESSING';
  requestingUnit: Department | 'DESK';
  receivedAt: string;
  reason: string;
  documentsRequired: string[];
  requestedBy: string;
  requestedAt: string;
  /** When the applicant supplied the documents; null while awaited. */
  suppliedAt: string | null;
}

/** Form 03 — phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface RefusalForm extends FormHeader<'03'> {
  applicant: Addressee;
  channel: Channel;
  submittedAt: string;
  documents: DossierDocument[];
  reason: string;
  refusedBy: string | null;
  refusedAt: string | null;
}

/** Form 04 — phiếu xin lỗi và hẹn lại ngày trả kết quả. */
export interface ApologyForm extends FormHeader<'04'> {
  applicant: Addressee;
  /** The department that apologises for the delay. */
  department: Department;
  receivedAt: string | null;
  /** The appointment first given (moved only by supplement pauses); the dossier still counts against it. */
  originalDueAt: string;
  newDueAt: string;
  reason: string;
  issuedBy: string;
  issuedAt: string;
}

/** Form 05 — phiếu dừng giải quyết hồ sơ. */
export interface StopNoticeForm extends FormHeader<'05'> {
  applicant: Addressee;
  submittedAt: string;
  /** Null when the dossier was withdrawn before the desk accepted it. */
  receivedAt: string | null;
  /** The step the dossier stood at when it stopped; null before acceptance. */
  stoppedAtStep: Step | null;
  reason: string;
  stoppedAt: string | null;
  recordedBy: string | null;
  /** What is handed back to the applicant. */
  documents: DossierDocument[];
}

export interface ControlStep {
  step: Step;
  department: Department | 'DESK';
  actor: string | null;
  startedAt: string;
  dueAt: string;
  completedAt: string | null;
  timeliness: Timeliness | null;
}

export interface ControlHandoff {
  from: Department | 'DESK';
  to: Department | 'DESK';
  handedOverBy: string;
  handedOverAt: string;
  receivedBy: string | null;
  receivedAt: string | null;
  timeliness: Timeliness | null;
}

/** A digital signature of the electronic result: who signed, in which role, when, with which certificate. */
export interface ControlSignature {
  role: SignerRole;
  /** The leader by name (by their certificate's name for a signing recorded before names were kept with it); the seal by the organisation its certificate names. */
  signer: string;
  signedAt: string;
  certificateSubject: string;
  /** Hex SHA-256 of the certificate. */
  certificateFingerprint: string;
}

/** Form 06 — phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ControlSheetForm extends FormHeader<'06'> {
  department: Department;
  status: Status;
  acceptedAt: string;
  /** The appointment in force (after an extension, the new one). */
  dueAt: string;
  /** The appointment the dossier is measured against, when an extension moved `dueAt`. */
  originalDueAt: string | null;
  steps: ControlStep[];
  handoffs: ControlHandoff[];
  /** Supplement pauses during processing: the clock stood still between the two times. */
  pauses: { from: string; to: string | null }[];
  completedAt: string | null;
  timeliness: Timeliness | null;
  /** The signatures of the electronic result (ký số), in the order made; absent while it has none, and for a result on paper. */
  signatures?: ControlSignature[];
  /** The head of the history chain when the sheet was made: a printed sheet can be checked against the stored history. */
  historyHead: HistoryHead;
}

/** Form 07 — sổ theo dõi hồ sơ: this dossier's row of the book. */
export interface TrackingBookForm extends FormHeader<'07'> {
  applicant: Addressee & { phone: string | null };
  channel: Channel;
  dossierSets: number;
  /** The department in charge (cơ quan chủ trì giải quyết). */
  department: Department;
  receivedAt: string;
  /** The appointment (ngày hẹn trả); a new appointment by apology is in the notes. */
  dueAt: string;
  /** When the desk handed the dossier over to the department; null while not yet recorded. */
  handedToDepartment: { department: Department; at: string; receivedAt: string | null } | null;
  /** When the result reached the desk. */
  completedAt: string | null;
  returnedAt: string | null;
  status: Status;
  /** Known once the result is at the desk. */
  timeliness: Timeliness | null;
  notes: string[];
}

export type FormData = ReceiptForm | SupplementRequestForm | RefusalForm | ApologyForm | StopNoticeForm | ControlSheetForm | TrackingBookForm;

/**
 * Writes the VietQR payload of a transfer (domain/vietqr.ts). Given by the caller: the library
 * that writes it goes only into the function that serves the forms, not every bundle that reads one.
 */
export type VietQrWriter = (account: CollectionAccount, amount: number, dossierCode: string) => string;

export interface FormOptions {
  /** When the form is produced (ISO 8601, +07:00); left out when not given. */
  generatedAt?: string;
  /** The competent commune's collection account (its configuration), for what is due by transfer, and how its VietQR is written. */
  transferTo?: { account: CollectionAccount; vietQr: VietQrWriter };
  /** The province's communes, to name the issuing unit. */
  communes?: readonly Pick<Commune, 'code' | 'name'>[];
}

function header<N extends FormNumber>(d: Dossier, form: N, options: FormOptions): FormHeader<N> {
  const issuingUnitName = options.communes?.find((c) => c.code === d.receivingUnit)?.name;
  return {
    form,
    title: FORM_TITLES[form],
    legalBasis: FORMS_LEGAL_BASIS,
    issuingUnit: d.receivingUnit,
    ...(issuingUnitName ? { issuingUnitName } : {}),
    commune: d.commune,
    province: d.province,
    dossierCode: d.code ?? null,
    procedure: { code: d.procedure.code, name: d.procedure.name },
    ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
  };
}

const addressee = (d: Dossier): Addressee => ({ name: d.applicant.name, address: d.applicant.address });

/** The latest history entry of an action, if any. */
const lastEntry = (d: Dossier, action: string): HistoryEntry | undefined => d.history.findLast((h) => h.action === action);

/** Who made a history entry, as the form prints them; null without the entry. */
const labelOf = (entry: HistoryEntry | undefined): string | null => (entry ? actorLabel(entry.actor, entry.actorName) : null);

/** The appointment the dossier is measured against: the original one when an apology moved it. */
const promisedDue = promisedDueAt;

const accepted = (d: Dossier): d is Dossier & { acceptedAt: string; dueAt: string } => d.acceptedAt !== undefined && d.dueAt !== undefined;

const before = (a: string, b: string) => parseInstant(a) < parseInstant(b);

function receipt(d: Dossier, options: FormOptions): ReceiptForm | undefined {
  if (!accepted(d)) return undefined;
  return {
    ...header(d, '01', options),
    applicant: { ...addressee(d), phone: d.applicant.phone ?? null, email: d.applicant.email ?? null },
    channel: d.channel,
    documents: d.documents,
    dossierSets: 1,
    processing: d.procedure.processing,
    fee: feeTotal(d.procedure.fees),
    receivedAt: d.acceptedAt,
    receivedBy: labelOf(lastEntry(d, 'accept')) ?? (d.steps[0]?.actor ? actorLabel(d.steps[0].actor, d.steps[0].actorName) : null),
    dueAt: promisedDue(d) ?? d.dueAt,
    department: d.department,
    transfer: bankTransfer(d, options.transferTo),
  };
}

function bankTransfer(d: Dossier, to: FormOptions['transferTo']): BankTransfer | null {
  const amount = amountDue(d);
  if (!to || !d.code || amount <= 0) return null;
  return { ...to.account, amount, vietQr: to.vietQr(to.account, amount, d.code) };
}

function supplementRequest(d: Dossier, options: FormOptions): SupplementRequestForm | undefined {
  const request = d.supplementRequest;
  if (!request) return undefined;
  const atDesk = d.acceptedAt === undefined || before(request.requestedAt, d.acceptedAt);
  return {
    ...header(d, '02', options),
    applicant: addressee(d),
    stage: atDesk ? 'RECEPTION' : 'PROCESSING',
    requestingUnit: atDesk ? 'DESK' : d.department,
    receivedAt: d.acceptedAt !== undefined && !atDesk ? d.acceptedAt : d.submittedAt,
    reason: request.reason,
    documentsRequired: request.documents,
    requestedBy: actorLabel(request.requestedBy, request.requestedByName),
    requestedAt: request.requestedAt,
    suppliedAt: request.suppliedAt ?? null,
  };
}

function refusal(d: Dossier, options: FormOptions): RefusalForm | undefined {
  if (d.status !== 'REFUSED' || !d.refusal) return undefined;
  const entry = lastEntry(d, 'refuse');
  return {
    ...header(d, '03', options),
    applicant: addressee(d),
    channel: d.channel,
    submittedAt: d.submittedAt,
    documents: d.documents,
    reason: d.refusal.reason,
    refusedBy: labelOf(entry),
    refusedAt: entry?.at ?? d.closedAt ?? null,
  };
}

function apology(d: Dossier, options: FormOptions): ApologyForm | undefined {
  const extension = d.extension;
  if (!extension) return undefined;
  return {
    ...header(d, '04', options),
    applicant: addressee(d),
    department: d.department,
    receivedAt: d.acceptedAt ?? null,
    originalDueAt: extension.originalDueAt,
    newDueAt: extension.newDueAt,
    reason: extension.reason,
    issuedBy: actorLabel(extension.by, extension.byName),
    issuedAt: extension.at,
  };
}

function stopNotice(d: Dossier, options: FormOptions): StopNoticeForm | undefined {
  if (d.status !== 'WITHDRAWN' || !d.withdrawal) return undefined;
  const entry = lastEntry(d, 'withdraw');
  return {
    ...header(d, '05', options),
    applicant: addressee(d),
    submittedAt: d.submittedAt,
    receivedAt: d.acceptedAt ?? null,
    stoppedAtStep: d.acceptedAt !== undefined ? (d.step ?? null) : null,
    reason: d.withdrawal.reason,
    stoppedAt: entry?.at ?? d.closedAt ?? null,
    recordedBy: labelOf(entry),
    documents: d.documents,
  };
}

/** Supplement pauses after acceptance, read from the history: each request until its supplement. */
function pausesOf(d: Dossier & { acceptedAt: string }): { from: string; to: string | null }[] {
  const pauses: { from: string; to: string | null }[] = [];
  for (const h of d.history) {
    if (before(h.at, d.acceptedAt)) continue;
    if (h.action === 'request-supplement') pauses.push({ from: h.at, to: null });
    else if (h.action === 'supplement') {
      const open = pauses.at(-1);
      if (open && open.to === null) open.to = h.at;
    }
  }
  return pauses;
}

/** The completed signatures of the result; none in a record stored before results were signed. */
function resultSignaturesOf(d: Dossier): ControlSignature[] {
  return signedSessions(d).map((s) => ({
    role: s.role,
    signer: s.role === 'LEADER' ? (s.byName ?? commonName(s.certificate.subject)) : commonName(s.certificate.subject),
    signedAt: s.signedAt,
    certificateSubject: s.certificate.subject,
    certificateFingerprint: s.certificate.fingerprint,
  }));
}

function controlSheet(d: Dossier, options: FormOptions): ControlSheetForm | undefined {
  if (!accepted(d)) return undefined;
  const signatures = resultSignaturesOf(d);
  return {
    ...header(d, '06', options),
    department: d.department,
    status: d.status,
    acceptedAt: d.acceptedAt,
    dueAt: d.dueAt,
    originalDueAt: d.extension?.originalDueAt ?? null,
    steps: d.steps.map((s) => ({
      step: s.step,
      department: s.department,
      actor: s.actor ? actorLabel(s.actor, s.actorName) : null,
      startedAt: s.startedAt,
      dueAt: s.dueAt,
      completedAt: s.completedAt ?? null,
      timeliness: s.timeliness ?? null,
    })),
    handoffs: d.handoffs.map((h) => ({
      from: h.from,
      to: h.to,
      handedOverBy: actorLabel(h.handedOverBy, h.handedOverByName),
      handedOverAt: h.handedOverAt,
      receivedBy: h.receivedBy ? actorLabel(h.receivedBy) : null,
      receivedAt: h.receivedAt ?? null,
      timeliness: h.timeliness ?? null,
    })),
    pauses: pausesOf(d),
    completedAt: d.completedAt ?? null,
    timeliness: d.timeliness ?? null,
    ...(signatures.length > 0 ? { signatures } : {}),
    historyHead: historyHead(d),
  };
}

function trackingNotes(d: Dossier): string[] {
  const notes: string[] = [];
  const request = d.supplementRequest;
  if (request) {
    notes.push(
      `Yêu cầu bổ sung ngày ${request.requestedAt}: ${request.reason}` + (request.suppliedAt ? ` (đã bổ sung ngày ${request.suppliedAt})` : ' (chưa bổ sung)'),
    );
  }
  if (d.extension) notes.push(`Hẹn lại ngày trả kết quả: ${d.extension.newDueAt} (${d.extension.reason})`);
  if (d.result?.decision === 'REJECTED') notes.push(`Kết quả: từ chối giải quyết — ${d.result.note}`);
  if (d.status === 'WITHDRAWN' && d.withdrawal) notes.push(`Dừng giải quyết: ${d.withdrawal.reason}`);
  return notes;
}

function trackingBook(d: Dossier, options: FormOptions): TrackingBookForm | undefined {
  if (!accepted(d)) return undefined;
  const handover = d.handoffs.find((h) => h.from === 'DESK' && h.to !== 'DESK');
  return {
    ...header(d, '07', options),
    applicant: { ...addressee(d), phone: d.applicant.phone ?? null },
    channel: d.channel,
    dossierSets: 1,
    department: d.department,
    receivedAt: d.acceptedAt,
    dueAt: promisedDue(d) ?? d.dueAt,
    handedToDepartment: handover ? { department: handover.to as Department, at: handover.handedOverAt, receivedAt: handover.receivedAt ?? null } : null,
    completedAt: d.completedAt ?? null,
    returnedAt: d.returnedAt ?? null,
    status: d.status,
    timeliness: d.timeliness ?? null,
    notes: trackingNotes(d),
  };
}

const BUILDERS: { [N in FormNumber]: (d: Dossier, options: FormOptions) => FormData | undefined } = {
  '01': receipt,
  '02': supplementRequest,
  '03': refusal,
  '04': apology,
  '05': stopNotice,
  '06': controlSheet,
  '07': trackingBook,
};

/** The form's data for this dossier; undefined when the form does not apply (yet). */
export function formOf(d: Dossier, form: FormNumber, options: FormOptions = {}): FormData | undefined {
  return BUILDERS[form](d, options);
}

/** The forms that exist for this dossier now. */
export function formsOf(d: Dossier): FormNumber[] {
  return FORMS.filter((f) => formOf(d, f) !== undefined);
}
