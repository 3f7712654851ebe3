import type { DossierEventType } from './events.js';
import type { Applicant, Dossier, Role } from './model.js';
import { toVietnamIso } from './time.js';

export const NOTIFY_CHANNELS = ['SMS', 'EMAIL', 'ZALO'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** The channels an applicant is told on: what they chose, SMS by default when they gave a phone. */
export function channelsOf(applicant: Applicant): NotifyChannel[] {
  const chosen = applicant.notify ?? (applicant.phone ? ['SMS'] : []);
  // A channel needs its address: SMS and Zalo a phone, e-mail an address.
  return chosen.filter((c) => (c === 'EMAIL' ? Boolean(applicant.email) : Boolean(applicant.phone)));
}

/** Where a channel's message goes. */
export const addressOf = (applicant: Applicant, channel: NotifyChannel): string => (channel === 'EMAIL' ? applicant.email! : applicant.phone!);

/** A message to the applicant: the text (SMS, e-mail), and the named parameters a Zalo ZNS template is filled with. */
export interface Notice {
  subject: string;
  text: string;
  params: Record<string, string>;
}

/** dd/MM/yyyy HH:mm in Vietnam's time, as a citizen reads a date. */
export function vietnameseDateTime(iso: string): string {
  const local = toVietnamIso(Date.parse(iso));
  return `${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`;
}

/** The event types a citizen is told of. */
export const NOTIFIED_TYPES: readonly DossierEventType[] = [
  'dossier.accepted',
  'dossier.supplement-requested',
  'dossier.refused',
  'dossier.supplement-expired',
  'dossier.extended',
  'dossier.result-ready',
  'dossier.payment-requested',
];

/**
 * The Vietnamese message (thông báo) of an event, from the dossier as the event left it;
 * undefined for the events a citizen is not told of. `page` is the dossier's citizen page
 * (forms.ts `citizenPageUrl`), absent before the dossier has a code.
 */
export function noticeOf(type: DossierEventType, d: Dossier, page: string | undefined): Notice | undefined {
  const code = d.code ?? '';
  const procedure = d.procedure.name;
  const see = page ? ` Tra cứu: ${page}` : '';
  switch (type) {
    case 'dossier.accepted': {
      const appointment = d.dueAt ? vietnameseDateTime(d.dueAt) : '';
      // A dossier waiting for its fees has no appointment yet: its time starts when they are paid.
      const when = d.dueAt ? `Hẹn trả kết quả: ${appointment}.` : 'Thời hạn giải quyết được tính từ khi nộp đủ phí, lệ phí.';
      return {
        subject: `Đã tiếp nhận hồ sơ ${code}`,
        text: `Hồ sơ ${code} (${procedure}) đã được tiếp nhận. ${when}${see}`,
        params: { code, procedure, appointment, lookupUrl: page ?? '' },
      };
    }
    case 'dossier.supplement-requested': {
      const missing = d.supplementRequest?.documents.join('; ') ?? '';
      const supplyBy = d.supplementRequest ? vietnameseDateTime(d.supplementRequest.supplyBy) : '';
      const prefix = code ? `Hồ sơ ${code}` : `Hồ sơ ${procedure} nộp ngày ${vietnameseDateTime(d.submittedAt)}`;
      return {
        subject: code ? `Yêu cầu bổ sung hồ sơ ${code}` : 'Yêu cầu bổ sung hồ sơ',
        text: `${prefix} cần bổ sung: ${missing}. Lý do: ${d.supplementRequest?.reason ?? ''}. Hạn bổ sung: ${supplyBy}.${see}`,
        params: { code, procedure, missing, reason: d.supplementRequest?.reason ?? '', supplyBy, lookupUrl: page ?? '' },
      };
    }
    case 'dossier.refused':
    case 'dossier.supplement-expired': {
      const reason = d.refusal?.reason ?? '';
      const prefix = code ? `Hồ sơ ${code}` : `Hồ sơ ${procedure} nộp ngày ${vietnameseDateTime(d.submittedAt)}`;
      return {
        subject: code ? `Từ chối hồ sơ ${code}` : 'Từ chối tiếp nhận hồ sơ',
        text: `${prefix} không được tiếp nhận. Lý do: ${reason}.`,
        params: { code, procedure, reason },
      };
    }
    case 'dossier.extended': {
      const appointment = d.extension ? vietnameseDateTime(d.extension.newDueAt) : '';
      return {
        subject: `Xin lỗi và hẹn lại ngày trả kết quả hồ sơ ${code}`,
        text: `Xin lỗi ông/bà: hồ sơ ${code} (${procedure}) chưa có kết quả đúng hẹn. Hẹn lại: ${appointment}. Lý do: ${d.extension?.reason ?? ''}.${see}`,
        params: { code, procedure, appointment, reason: d.extension?.reason ?? '', lookupUrl: page ?? '' },
      };
    }
    case 'dossier.result-ready': {
      const collect = d.channel === 'ONLINE' && page ? `Xem kết quả điện tử: ${page}` : 'Mời ông/bà mang giấy hẹn đến Bộ phận Một cửa để nhận kết quả.';
      return {
        subject: `Đã có kết quả hồ sơ ${code}`,
        text: `Hồ sơ ${code} (${procedure}) đã có kết quả. ${collect}`,
        params: { code, procedure, collect, lookupUrl: page ?? '' },
      };
    }
    case 'dossier.payment-requested': {
      const amount = `${(d.payment?.total ?? 0).toLocaleString('vi-VN')} đồng`;
      const how = page
        ? `Nộp tại Bộ phận Một cửa, chuyển khoản theo mã VietQR trên giấy tiếp nhận, hoặc thanh toán trực tuyến tại: ${page}`
        : 'Nộp tại Bộ phận Một cửa hoặc chuyển khoản theo mã VietQR trên giấy tiếp nhận.';
      return {
        subject: `Đề nghị nộp phí, lệ phí hồ sơ ${code}`,
        text: `Hồ sơ ${code} (${procedure}) cần nộp phí, lệ phí: ${amount}. ${how}`,
        params: { code, procedure, amount, lookupUrl: page ?? '' },
      };
    }
    default:
      return undefined;
  }
}

/** One message to a citizen, as a provider sends it. */
export interface OutgoingMessage {
  channel: NotifyChannel;
  to: string;
  /** The dossier it tells of; none for a digest. */
  dossierId?: string;
  /** The event type it tells of, or `sla-digest`. */
  type: string;
  notice: Notice;
}

/**
 * What is kept of a message sent: never the address; the text (personal data: a reason may name
 * the applicant), so that the desk can tell the citizen what they were sent.
 */
export interface SentMessage {
  commune: string;
  dossierId: string;
  version: number;
  channel: NotifyChannel;
  type: string;
  at: string;
  /** Absent on messages recorded before the text was kept. */
  text?: string;
}

/**
 * The roles that may read a sent message's text: the desk, which talks to the citizen at the
 * counter and on the phone, and the commune's leader, who answers the citizen's complaints. The
 * department's staff and the clerk work the file, not the conversation: they see only that a
 * message went out, on which channel and when.
 */
export const MESSAGE_TEXT_ROLES: readonly Role[] = ['RECEPTION', 'LEADER'];
