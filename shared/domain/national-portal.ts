/**
 * The records the National Public Service Portal (Cổng Dịch vụ công quốc gia, DVCQG) takes from
 * a provincial one-stop system, and the state of a dossier's synchronisation with it. Pure: the
 * connector (shared/app/national-portal.ts) sends them and stores the state.
 */
import { EVENT_TYPES, type DossierEventType } from './events.js';
import { actorLabel, DEPARTMENT_NAMES, ROLE_TERMS, STEP_TERMS } from './glossary.js';
import type { Attachment, Channel, Dossier, Role, Step, StepRecord } from './model.js';
import { nationalStatus } from './national-status.js';
import type { FeeKind, PaymentMethod } from './payment.js';
import type { PaymentChannel } from './payment-platform.js';
import { parseInstant, toVietnamIso } from './time.js';

/** The two services of the national integration: the dossier, and the progress of one step. */
export type NationalService = 'DongBoHoSoMC' | 'CapNhatTienDoHoSoMC';

/** KenhThucHien: how the dossier was filed. */
export const CHANNEL_CODES: Record<Channel, 1 | 2 | 3> = { IN_PERSON: 1, ONLINE: 2, POSTAL: 3 };

/** LoaiDoiTuong 1: a citizen (công dân). The dossier records no other kind of applicant. */
export const CITIZEN = 1;

/** LoaiPhiLePhi: 1 a phí, 2 a lệ phí. */
export const FEE_KIND_CODES: Record<FeeKind, 1 | 2> = { PHI: 1, LE_PHI: 2 };
/** HinhThucThu: how it was (or will be) collected: 1 at the desk in cash, 2 by bank transfer, 3 online. */
export const COLLECTION_CODES: Record<PaymentMethod, 1 | 2 | 3> = { CASH: 1, BANK_TRANSFER: 2, ONLINE: 3 };

/** DuocThanhToanTrucTuyen: paid online through the national Payment Platform (1) or the province's gateway (2). */
export const PAYMENT_CHANNEL_CODES: Record<PaymentChannel, 1 | 2> = { NATIONAL_PLATFORM: 1, PROVINCE_GATEWAY: 2 };

/** One fee line as DanhSachLePhi lists it; `Gia` is text, "0" for a waived line. */
export interface NationalFeeLine {
  TenPhiLePhi: string;
  MaPhiLePhi: string;
  HinhThucThu?: 1 | 2 | 3;
  Gia: string;
  LoaiPhiLePhi: 1 | 2;
}

/**
 * The dossier's fee lines: as its payment owes them once one was requested (exemptions applied,
 * a waived line at "0"), before that as the catalogue lists them.
 */
export function nationalFeeLines(d: Pick<Dossier, 'procedure' | 'payment'>): NationalFeeLine[] | undefined {
  const method = d.payment?.method;
  const lines = d.payment
    ? d.payment.lines.map((l) => ({ code: l.code, name: l.name, kind: l.kind, amount: l.amount }))
    : (d.procedure.fees ?? []).filter((f) => f.amount > 0);
  if (!lines.length) return undefined;
  return lines.map((l) => ({
    TenPhiLePhi: l.name,
    MaPhiLePhi: l.code,
    ...(method ? { HinhThucThu: COLLECTION_CODES[method] } : {}),
    Gia: String(l.amount),
    LoaiPhiLePhi: FEE_KIND_CODES[l.kind],
  }));
}

/** A dossier as DongBoHoSoMC sends it. Absent values are left out, never sent as null. */
export interface NationalDossierRecord {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  KenhThucHien: 1 | 2 | 3;
  ChuHoSo: string;
  SoGiayToChuHoSo: string;
  LoaiDoiTuong: number;
  SoDienThoai?: string;
  Email?: string;
  TrichYeuHoSo: string;
  NgayTiepNhan?: string;
  NgayHenTra?: string;
  TrangThaiHoSo: number;
  NgayKetThucXuLy?: string;
  NgayTra?: string;
  DonViXuLy: string;
  TaiLieuNop?: { TenTepDinhKem: string; DuongDanTaiTepTin: string }[];
  DanhSachLePhi?: NationalFeeLine[];
  /** Paid online: 1 through the national Payment Platform, 2 through the province's gateway. */
  DuocThanhToanTrucTuyen?: 1 | 2;
  DanhSachHoSoBoSung?: {
    NoiDungBoSung: string;
    NguoiYeuCauBoSung: string;
    NgayYeuCauBoSung: string;
    HanBoSung: string;
    NgayTiepNhanBoSung?: string;
    DanhSachGiayToBoSung: { TenGiayTo: string }[];
  }[];
  DanhSachGiayToKetQua?: { TenGiayTo: string; DuongDanTepTinKetQua: string }[];
}

/** One completed step as CapNhatTienDoHoSoMC sends it. */
export interface NationalProgressRecord {
  MaHoSo: string;
  NguoiXuLy?: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: number;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

/** yyyyMMddHHmmss in Vietnam's time, as the national integration writes every date. */
export function nationalDate(iso: string): string {
  const at = parseInstant(iso);
  if (Number.isNaN(at)) throw new Error(`not an ISO 8601 instant: ${iso}`);
  return toVietnamIso(at).slice(0, 19).replace(/\D/g, '');
}

/** The API path of a file: the portal fetches it with its own token (download URLs expire in minutes). */
export const attachmentPath = (d: Pick<Dossier, 'commune' | 'id'>, a: Pick<Attachment, 'id'>): string =>
  `/v1/communes/${d.commune}/dossiers/${d.id}/attachments/${a.id}`;

/** The stored change a record tells of: when, which event, and its national status. */
export interface AsOf {
  at: string;
  nationalStatus: number;
  /** The event type, which tells two changes of the same second apart. */
  type?: DossierEventType;
}

/** Actions that complete a step (each completes exactly one), and those that close the dossier. */
const COMPLETING = new Set(['receive', 'assign', 'propose', 'review', 'approve', 'receive-result']);
const CLOSING = new Set(['refuse', 'withdraw', 'receive-result', 'supplement-expired']);

/**
 * What had happened by the change: its history up to the change's own entry. Found by the
 * change's entry rather than by time alone, since several changes share a second.
 */
function momentOf(d: Pick<Dossier, 'history'>, asOf: AsOf) {
  const h = d.history;
  let last = h.findLastIndex((e) => e.at === asOf.at && (!asOf.type || EVENT_TYPES[e.action as keyof typeof EVENT_TYPES] === asOf.type));
  if (last < 0) last = h.findLastIndex((e) => parseInstant(e.at) <= parseInstant(asOf.at));
  const entries = h.slice(0, last + 1);
  const lastOf = (action: string) => entries.findLastIndex((e) => e.action === action);
  const limit = parseInstant(asOf.at);
  return {
    did: (action: string) => lastOf(action) >= 0,
    closed: entries.some((e) => CLOSING.has(e.action)),
    completedSteps: entries.filter((e) => COMPLETING.has(e.action)).length,
    /** The latest supplement request had been answered by then. */
    supplied: lastOf('supplement') > lastOf('request-supplement'),
    /** Whether something dated `when` (a file) was there by then. */
    byThen: (when: string | undefined): when is string => when !== undefined && parseInstant(when) <= limit,
  };
}

/** Drops undefined values and empty lists: the portal wants absent values left out. */
function present<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

/** The code once the dossier has one (from its acceptance), its id before. */
const dossierKey = (d: Dossier, moment: ReturnType<typeof momentOf>): string => (d.code && moment.did('accept') ? d.code : d.id);

const FILED: Attachment['purpose'][] = ['APPLICATION', 'SUPPLEMENT', 'SCAN'];

/**
 * The dossier as it stood at `asOf` (DongBoHoSoMC): what happened after that change — a later
 * code, end, return, file or supplement request — is left out, so a record sent late still
 * tells of its own change. `TrangThaiHoSo` is the national status of that change.
 */
export function dossierRecord(d: Dossier, asOf: AsOf): NationalDossierRecord {
  const moment = momentOf(d, asOf);
  const files = (d.attachments ?? []).filter((a) => a.status === 'AVAILABLE' && moment.byThen(a.uploadedAt));
  const request = d.supplementRequest && moment.did('request-supplement') ? d.supplementRequest : undefined;
  const accepted = moment.did('accept') && d.acceptedAt !== undefined;
  return present({
    MaHoSo: dossierKey(d, moment),
    MaTTHC: d.procedure.code,
    TenTTHC: d.procedure.name,
    KenhThucHien: CHANNEL_CODES[d.channel],
    ChuHoSo: d.applicant.name,
    SoGiayToChuHoSo: d.applicant.idNumber,
    LoaiDoiTuong: CITIZEN,
    SoDienThoai: d.applicant.phone,
    Email: d.applicant.email,
    TrichYeuHoSo: d.note ?? d.procedure.name,
    NgayTiepNhan: accepted ? nationalDate(d.acceptedAt!) : undefined,
    NgayHenTra: accepted && d.dueAt ? nationalDate(d.dueAt) : undefined,
    TrangThaiHoSo: asOf.nationalStatus,
    NgayKetThucXuLy: moment.closed && d.closedAt ? nationalDate(d.closedAt) : undefined,
    NgayTra: moment.did('return') && d.returnedAt ? nationalDate(d.returnedAt) : undefined,
    DonViXuLy: d.commune,
    TaiLieuNop: files.filter((a) => FILED.includes(a.purpose)).map((a) => ({ TenTepDinhKem: a.name, DuongDanTaiTepTin: attachmentPath(d, a) })),
    DanhSachLePhi: nationalFeeLines(d),
    DuocThanhToanTrucTuyen:
      d.payment?.method === 'ONLINE' && moment.byThen(d.payment.paidAt) ? PAYMENT_CHANNEL_CODES[d.payment.platform ?? 'NATIONAL_PLATFORM'] : undefined,
    DanhSachHoSoBoSung: request
      ? [
          present({
            NoiDungBoSung: request.reason,
            NguoiYeuCauBoSung: actorLabel(request.requestedBy, request.requestedByName),
            NgayYeuCauBoSung: nationalDate(request.requestedAt),
            HanBoSung: nationalDate(request.supplyBy),
            NgayTiepNhanBoSung: moment.supplied && request.suppliedAt ? nationalDate(request.suppliedAt) : undefined,
            DanhSachGiayToBoSung: request.documents.map((name) => ({ TenGiayTo: name })),
          }),
        ]
      : undefined,
    DanhSachGiayToKetQua: files.filter((a) => a.purpose === 'RESULT').map((a) => ({ TenGiayTo: a.name, DuongDanTepTinKetQua: attachmentPath(d, a) })),
  });
}

/** Who completes each step, by the title (chức danh) officials know them by. */
const STEP_ROLES: Record<Step, Role> = {
  RECEPTION: 'RECEPTION',
  ASSIGNMENT: 'DEPT_HEAD',
  APPRAISAL: 'SPECIALIST',
  REVIEW: 'DEPT_HEAD',
  APPROVAL: 'LEADER',
  ISSUANCE: 'CLERK',
};

/**
 * One completed step (CapNhatTienDoHoSoMC). `TrangThai` is the national status the step leaves
 * the dossier in: 9 (processed) after issuance, 4 (in processing) after any other step.
 */
export function progressRecord(d: Dossier, step: StepRecord, asOf: AsOf): NationalProgressRecord {
  if (!step.completedAt) throw new Error(`step ${step.step} of dossier ${d.id} is not completed`);
  return present({
    MaHoSo: dossierKey(d, momentOf(d, asOf)),
    NguoiXuLy: step.actor && actorLabel(step.actor, step.actorName),
    ChucDanh: ROLE_TERMS[STEP_ROLES[step.step]],
    ThoiDiemXuLy: nationalDate(step.completedAt),
    PhongBanXuLy: step.department === 'DESK' ? 'Bộ phận Một cửa' : DEPARTMENT_NAMES[step.department],
    NoiDungXuLy: STEP_TERMS[step.step],
    TrangThai: step.step === 'ISSUANCE' ? 9 : 4,
    NgayBatDau: nationalDate(step.startedAt),
    NgayKetThucTheoQuyDinh: nationalDate(step.dueAt),
  });
}

/** One call of the integration: a service and its records. `isUpdating` is false for the dossier's first DongBoHoSoMC only. */
export interface NationalRequest {
  service: NationalService;
  isUpdating: boolean;
  data: NationalDossierRecord[] | NationalProgressRecord[];
}

/**
 * What is stored of a dossier's synchronisation: how far the portal has it, and the failure
 * that stops it going further, if any. One small item, written only when records were sent or
 * a failure is first seen.
 */
export interface NationalSyncState {
  /** The last dossier version whose records the portal accepted (0 before any). */
  version: number;
  /** When the portal accepted them. */
  syncedAt?: string;
  /** The national status last sent with DongBoHoSoMC. */
  sentStatus?: number;
  /** How many completed steps were sent with CapNhatTienDoHoSoMC. */
  stepsSent: number;
  /** The version the portal did not take, when the adapter refused or failed; `since` is when that change was stored. */
  failure?: { version: number; at: string; since: string; error: string };
}

/** The stored change an event tells of, as far as the synchronisation needs it. */
export interface SyncedChange {
  version: number;
  at: string;
  nationalStatus: number;
  type?: DossierEventType;
}

/**
 * The calls one change needs, and the state once the portal accepted them: the dossier when
 * its national status changed (so 1, 2, 4, 9, 10 for a full lifecycle), and a progress record
 * per step completed since the last one sent. A change at or before the stored version was
 * handled already and needs nothing, so a redelivered event sends nothing twice.
 */
export function syncPlan(
  d: Dossier,
  change: SyncedChange,
  state: NationalSyncState | undefined,
): { requests: NationalRequest[]; next: Omit<NationalSyncState, 'syncedAt'> } | undefined {
  if (state && change.version <= state.version) return undefined;
  const asOf = { at: change.at, nationalStatus: change.nationalStatus, ...(change.type ? { type: change.type } : {}) };
  const completed = d.steps.slice(0, momentOf(d, asOf).completedSteps).filter((s) => s.completedAt);
  const stepsSent = state?.stepsSent ?? 0;
  const requests: NationalRequest[] = [];
  if (change.nationalStatus !== state?.sentStatus) {
    requests.push({ service: 'DongBoHoSoMC', isUpdating: state?.sentStatus !== undefined, data: [dossierRecord(d, asOf)] });
  }
  const steps = completed.slice(stepsSent);
  if (steps.length) requests.push({ service: 'CapNhatTienDoHoSoMC', isUpdating: false, data: steps.map((s) => progressRecord(d, s, asOf)) });
  if (!requests.length) return undefined;
  return { requests, next: { version: change.version, sentStatus: change.nationalStatus, stepsSent: Math.max(stepsSent, completed.length) } };
}

/** The national picture of the dossier as its change `version` left it: its national status and how many steps it had completed. */
function pictureAt(d: Pick<Dossier, 'history' | 'steps'>, version: number): { sentStatus: number; stepsSent: number } | undefined {
  const entry = d.history[version - 1];
  if (!entry) return undefined;
  const asOf = { at: entry.at, nationalStatus: nationalStatus(entry.status, entry.step), type: EVENT_TYPES[entry.action as keyof typeof EVENT_TYPES] };
  return { sentStatus: asOf.nationalStatus, stepsSent: d.steps.slice(0, momentOf(d, asOf).completedSteps).filter((s) => s.completedAt).length };
}

/**
 * What the portal holds of the dossier once every change before `version` was synchronised: the
 * state to expect before that change is sent (none before the first).
 */
export const syncedBefore = (d: Pick<Dossier, 'history' | 'steps'>, version: number) => pictureAt(d, version - 1);

/** Whether change `version` gives the portal anything new: the first, a new national status, or a completed step. */
export function changesNationally(d: Pick<Dossier, 'history' | 'steps'>, version: number): boolean {
  const before = pictureAt(d, version - 1);
  const after = pictureAt(d, version);
  return !before || !after || after.sentStatus !== before.sentStatus || after.stepsSent > before.stepsSent;
}

export const NATIONAL_SYNC_STATUSES = ['SYNCED', 'PENDING', 'FAILED'] as const;
export type NationalSyncStatus = (typeof NATIONAL_SYNC_STATUSES)[number];

/** What the dossier answer shows of its synchronisation. */
export interface NationalSync {
  status: NationalSyncStatus;
  /** SYNCED: the version the portal has; PENDING: the version waiting; FAILED: the version the portal did not take. */
  version: number;
  /** When it was synced, when the waiting change was stored, or when it failed. */
  at: string;
  /** The adapter's message when FAILED. */
  error?: string;
}

/** Whether the portal accepted a dossier's current national status and every step it has completed. */
export function holdsCurrentState(
  dossier: { nationalStatus: number; stepsCompleted: number },
  state: Pick<NationalSyncState, 'sentStatus' | 'stepsSent' | 'syncedAt'> | undefined,
): boolean {
  return Boolean(state?.syncedAt) && dossier.nationalStatus === state?.sentStatus && dossier.stepsCompleted <= state.stepsSent;
}

/**
 * The synchronisation of a dossier now: SYNCED when the portal has its national status and every
 * completed step, FAILED when the last try failed, PENDING otherwise (sent soon).
 */
export function nationalSyncOf(d: Dossier, state: NationalSyncState | undefined): NationalSync {
  const current = { nationalStatus: nationalStatus(d.status, d.step), stepsCompleted: d.steps.filter((s) => s.completedAt).length };
  if (state?.syncedAt && holdsCurrentState(current, state)) return { status: 'SYNCED', version: state.version, at: state.syncedAt };
  if (state?.failure) return { status: 'FAILED', version: state.failure.version, at: state.failure.at, error: state.failure.error };
  return { status: 'PENDING', version: d.version, at: d.history.at(-1)?.at ?? d.submittedAt };
}

/**
 * The adapter refused a call (an `error_code` other than 0), failed, or answered something that
 * is not an answer. The message is the adapter's own text or a description of its answer, never
 * the request.
 */
export class NationalPortalFailed extends Error {
  override name = 'NationalPortalFailed';
}

/** How long a change may wait for the portal before it is reported and alarmed. */
export const SYNC_DEADLINE_MS = 60 * 60_000;
