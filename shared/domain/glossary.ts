import { DEPARTMENTS, SYSTEM_ACTORS, type Department, type Role, type Status, type Step } from './model.js';
import type { DossierEventType } from './events.js';
import type { Action } from './lifecycle.js';
import type { NotifyChannel } from './notifications.js';

/*
 * The words officials use (thuật ngữ): the console's buttons and labels, the seeded officials'
 * names and the printed forms all take them from here, so a term is written once.
 */

export const ROLE_TERMS: Record<Role, string> = {
  PORTAL: 'Cổng dịch vụ công',
  RECEPTION: 'Tiếp nhận (công chức một cửa)',
  DEPT_HEAD: 'Trưởng phòng',
  SPECIALIST: 'Chuyên viên',
  LEADER: 'Lãnh đạo UBND xã',
  CLERK: 'Văn thư',
  PROVINCE_ADMIN: 'Quản trị tỉnh',
  PROVINCE_AUDITOR: 'Thanh tra tỉnh',
};

export const DEPARTMENT_TERMS: Record<Department, string> = {
  OFFICE: 'Văn phòng',
  ECONOMICS: 'Kinh tế',
  CULTURE_SOCIETY: 'Văn hóa – Xã hội',
};

/** The departments' full names, as reports and the national portal write them. */
export const DEPARTMENT_NAMES: Record<Department, string> = {
  OFFICE: 'Văn phòng HĐND và UBND',
  ECONOMICS: 'Phòng Kinh tế',
  CULTURE_SOCIETY: 'Phòng Văn hóa – Xã hội',
};

/** An action's button is named by its term. */
export const ACTION_TERMS: Record<Action, string> = {
  accept: 'Tiếp nhận',
  'request-supplement': 'Yêu cầu bổ sung',
  supplement: 'Bổ sung hồ sơ',
  refuse: 'Từ chối tiếp nhận',
  assign: 'Phân công',
  propose: 'Đề xuất kết quả',
  review: 'Xem xét',
  approve: 'Phê duyệt',
  issue: 'Vào sổ, đóng dấu',
  return: 'Trả kết quả',
  withdraw: 'Rút hồ sơ',
  extend: 'Gia hạn',
  collect: 'Thu phí, lệ phí',
  waive: 'Miễn phí, lệ phí',
  refund: 'Hoàn trả phí, lệ phí',
};

export const STATUS_TERMS: Record<Status, string> = {
  SUBMITTED: 'Chờ tiếp nhận',
  AWAITING_PAYMENT: 'Chờ nộp phí, lệ phí',
  IN_PROCESSING: 'Đang giải quyết',
  SUPPLEMENT_REQUESTED: 'Chờ bổ sung',
  REFUSED: 'Từ chối tiếp nhận',
  RESULT_READY: 'Có kết quả, chờ trả',
  RETURNED: 'Đã trả kết quả',
  WITHDRAWN: 'Đã rút hồ sơ',
};

export const STEP_TERMS: Record<Step, string> = {
  RECEPTION: 'Tiếp nhận',
  ASSIGNMENT: 'Phân công',
  APPRAISAL: 'Thẩm định',
  REVIEW: 'Xem xét',
  APPROVAL: 'Phê duyệt',
  ISSUANCE: 'Vào sổ, đóng dấu',
};

export const TIMELINESS_TERMS = {
  EARLY: 'Trước hạn',
  ON_TIME: 'Đúng hạn',
  LATE: 'Trễ hạn',
  ON_TRACK: 'Trong hạn',
  AT_RISK: 'Sắp đến hạn',
  OVERDUE: 'Quá hạn',
} as const;

export const TERMS = {
  dossier: 'Hồ sơ',
  code: 'Mã hồ sơ',
  create: 'Tạo hồ sơ',
  dueAt: 'Ngày hẹn trả',
  form06: 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
  worklist: 'Danh sách hồ sơ',
} as const;

/** The channels a citizen is told on. */
export const NOTIFY_CHANNEL_TERMS: Record<NotifyChannel, string> = {
  SMS: 'Tin nhắn SMS',
  EMAIL: 'Thư điện tử',
  ZALO: 'Zalo',
};

/** What a message to the citizen (thông báo) told them, by the event it was sent for. */
export const MESSAGE_TERMS: Partial<Record<DossierEventType, string>> = {
  'dossier.accepted': 'Thông báo tiếp nhận hồ sơ',
  'dossier.supplement-requested': 'Yêu cầu bổ sung hồ sơ',
  'dossier.refused': 'Từ chối tiếp nhận hồ sơ',
  'dossier.supplement-expired': 'Quá hạn bổ sung hồ sơ',
  'dossier.extended': 'Xin lỗi và hẹn lại ngày trả kết quả',
  'dossier.result-ready': 'Thông báo có kết quả',
  'dossier.payment-requested': 'Đề nghị nộp phí, lệ phí',
};

/** The system's own steps in words: a department's or the desk's intake, the supplement deadline. */
const SYSTEM_ACTOR_TERMS: Record<string, string> = {
  ...Object.fromEntries(DEPARTMENTS.map((d) => [SYSTEM_ACTORS.departmentIntake(d), DEPARTMENT_NAMES[d]])),
  [SYSTEM_ACTORS.resultsIntake]: 'Bộ phận một cửa',
  [SYSTEM_ACTORS.supplementExpiry]: 'Hệ thống (quá hạn bổ sung)',
};

/**
 * Who acted, as a form or a screen names them: the official's name kept with the record; the
 * system's own steps in words; the account itself for a record made before tokens carried names.
 */
export const actorLabel = (sub: string, name?: string): string => name ?? SYSTEM_ACTOR_TERMS[sub] ?? sub;
