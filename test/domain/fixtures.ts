/**
 * Builders for domain tests: a procedure, the officials of a commune, and a `Story` that drives a
 * dossier through the real domain functions (submitDossier, decide, receiveHandoff).
 */
import { DEFAULT_OFFICE_HOURS, workingCalendar } from '../../shared/domain/calendar.js';
import { OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import { decide, receiveHandoff, submitDossier, type Command, type Context, type Decision } from '../../shared/domain/lifecycle.js';
import type { Actor, Channel, Department, Dossier, Procedure, Step } from '../../shared/domain/model.js';
import { DEFAULT_RECEIPT_BOOK, type CollectionPoint } from '../../shared/domain/payment.js';
import { parseInstant, type Instant } from '../../shared/domain/time.js';

/** The province's calendar: default office hours, the official notices for 2025–2027. */
export const calendar = workingCalendar(DEFAULT_OFFICE_HOURS, OFFICIAL_CALENDARS);

/** An instant from an ISO text with its offset, e.g. '2026-03-02T08:00+07:00'. */
export function at(text: string): Instant {
  const instant = parseInstant(text);
  if (Number.isNaN(instant)) throw new Error(`not an instant: ${text}`);
  return instant;
}

export const ctxAt = (now: Instant): Context => ({ now, calendar });

export const PROVINCE = 'LCI';
export const COMMUNE = 'H30.01';
export const DEPARTMENT: Department = 'ECONOMICS';

/**
 * 3 working days under rule PAUSE, ECONOMICS. Step budgets in hours: reception 2, assignment 2,
 * appraisal 12, review 4, approval 2, issuance 2 (= 24 h = 3 days).
 */
export function procedure(overrides: Partial<Procedure> = {}): Procedure {
  return {
    code: '1.001193',
    name: 'Đăng ký hộ kinh doanh',
    department: DEPARTMENT,
    processing: { kind: 'WORKING_DAYS', days: 3 },
    stepBudgets: { RECEPTION: 0.25, ASSIGNMENT: 0.25, APPRAISAL: 1.5, REVIEW: 0.5, APPROVAL: 0.25, ISSUANCE: 0.25 },
    requiredDocuments: ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao CCCD'],
    supplementRule: 'PAUSE',
    version: 1,
    ...overrides,
  };
}

const staff = (sub: string, role: Actor['roles'][number], department?: Department): Actor => ({
  sub,
  roles: [role],
  province: PROVINCE,
  commune: COMMUNE,
  ...(department ? { department } : {}),
});

/** The assignee used by every story. */
export const ASSIGNEE = 'spec-1';

export const officials = {
  portal: { sub: 'portal:dvcqg', roles: ['PORTAL'], province: PROVINCE } as Actor,
  reception: staff('reception-1', 'RECEPTION'),
  head: staff('head-eco', 'DEPT_HEAD', DEPARTMENT),
  otherHead: staff('head-cul', 'DEPT_HEAD', 'CULTURE_SOCIETY'),
  specialist: staff(ASSIGNEE, 'SPECIALIST', DEPARTMENT),
  colleague: staff('spec-2', 'SPECIALIST', DEPARTMENT),
  /** The assignee's own sub on a token of another department: only the department claim differs. */
  foreignSpecialist: staff(ASSIGNEE, 'SPECIALIST', 'CULTURE_SOCIETY'),
  leader: staff('leader-1', 'LEADER'),
  clerk: staff('clerk-1', 'CLERK', 'OFFICE'),
  admin: { sub: 'admin-1', roles: ['PROVINCE_ADMIN'], province: PROVINCE } as Actor,
  auditor: { sub: 'auditor-1', roles: ['PROVINCE_AUDITOR'], province: PROVINCE } as Actor,
} satisfies Record<string, Actor>;

export type OfficialName = keyof typeof officials;

/** One command of each kind, with plausible arguments. */
export const commands = {
  accept: (code = 'H30.01-260302-0001'): Command => ({ type: 'accept', code }),
  requestSupplement: (reason = 'Thiếu bản sao CCCD'): Command => ({
    type: 'request-supplement',
    reason,
    documents: ['Bản sao CCCD'],
  }),
  supplement: (): Command => ({ type: 'supplement', documents: [{ name: 'Bản sao CCCD', kind: 'CERTIFIED_COPY', count: 1 }] }),
  refuse: (reason = 'Không thuộc thẩm quyền'): Command => ({ type: 'refuse', reason }),
  assign: (assignee = ASSIGNEE): Command => ({ type: 'assign', assignee }),
  propose: (outcome: 'APPROVE' | 'REJECT' = 'APPROVE', summary = 'Đủ điều kiện'): Command => ({ type: 'propose', outcome, summary }),
  review: (agree = true, note = 'Đồng ý'): Command => ({ type: 'review', agree, note }),
  approve: (decision: 'APPROVED' | 'REJECTED' = 'APPROVED', note = 'Ký duyệt'): Command => ({ type: 'approve', decision, note }),
  issue: (): Command => ({ type: 'issue' }),
  return: (): Command => ({ type: 'return' }),
  withdraw: (reason = 'Công dân rút hồ sơ'): Command => ({ type: 'withdraw', reason }),
  extend: (newDueAt: string, reason = 'Cần xác minh thêm'): Command => ({ type: 'extend', newDueAt, reason }),
  collect: (numbers = [1, 2], method: 'CASH' | 'BANK_TRANSFER' = 'CASH', reference?: string): Command => ({
    type: 'collect',
    method,
    ...(reference ? { reference } : {}),
    numbers,
    book: DEFAULT_RECEIPT_BOOK,
  }),
  waive: (group = 'HO_NGHEO', evidence = 'Giấy chứng nhận hộ nghèo số 12'): Command => ({ type: 'waive', group, evidence }),
  refund: (reason = 'Hồ sơ bị rút sau khi đã nộp phí'): Command => ({ type: 'refund', reason }),
};

/** Fee lines of a procedure: a phí and a lệ phí, collected at `collectAt`, with a poor household exempt from all and an ethnic minority from half. */
export const feesAt = (collectAt: CollectionPoint): Pick<Procedure, 'fees' | 'exemptions'> => ({
  fees: [
    { code: 'PHI_TD', name: 'Phí thẩm định', kind: 'PHI', amount: 50_000, onlineAmount: 25_000, collectAt },
    { code: 'LE_PHI', name: 'Lệ phí cấp giấy', kind: 'LE_PHI', amount: 75_000, collectAt },
  ],
  exemptions: [
    { group: 'HO_NGHEO', name: 'Hộ nghèo', percent: 100 },
    { group: 'DTTS', name: 'Dân tộc thiểu số ở xã đặc biệt khó khăn', percent: 50 },
  ],
});

export const MINUTE = 60_000;

/**
 * An immutable story of one dossier: every step returns a new story, so one prefix can branch
 * into many states. Each step happens `minutes` (wall-clock) after the previous, or at `when`.
 */
export class Story {
  private constructor(
    readonly dossier: Dossier,
    readonly now: Instant,
    /** The decision of the last step, when it was a command. */
    readonly last?: Decision,
  ) {}

  static submit(options: { at?: Instant; procedure?: Procedure; channel?: Channel; by?: Actor; id?: string } = {}): Story {
    const now = options.at ?? at('2026-03-02T07:30+07:00');
    const channel = options.channel ?? 'ONLINE';
    const by = options.by ?? (channel === 'ONLINE' ? officials.portal : officials.reception);
    const decision = submitDossier(
      {
        procedureCode: (options.procedure ?? procedure()).code,
        channel,
        applicant: { name: 'Lò Văn A', idNumber: '012345678901', address: 'Bản Hua Pầu, Tân Uyên' },
        documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
      },
      by,
      {
        now,
        id: options.id ?? '3f1c2a9e-8d1b-4c55-9a0e-1b2c3d4e5f60',
        commune: COMMUNE,
        receivingUnit: COMMUNE,
        procedure: options.procedure ?? procedure(),
        lookupSecretHash: 'sha256:test',
      },
    );
    if (!decision.ok) throw new Error(`submit refused: ${decision.refusal.detail}`);
    return new Story(decision.dossier, now, decision);
  }

  private timeOf(when: Instant | number | undefined): Instant {
    if (when === undefined) return this.now + 30 * MINUTE;
    // Small numbers are minutes after the previous step, large ones instants.
    return when < 1e9 ? this.now + when * MINUTE : when;
  }

  /** Carries out a command that must succeed. */
  do(command: Command, actor: Actor, when?: Instant | number): Story {
    const now = this.timeOf(when);
    const decision = decide(this.dossier, command, actor, ctxAt(now));
    if (!decision.ok) {
      throw new Error(`${command.type} by ${actor.sub} refused (${decision.refusal.kind}): ${decision.refusal.detail}`);
    }
    return new Story(decision.dossier, now, decision);
  }

  /** A change a scheduled job makes (a time limit passed); it must apply. */
  job(change: (d: Dossier, ctx: Context) => Dossier | undefined, when?: Instant | number): Story {
    const now = this.timeOf(when);
    const changed = change(this.dossier, ctxAt(now));
    if (!changed) throw new Error('the job changed nothing');
    return new Story(changed, now);
  }

  /** The receiving queue consumer records the pending hand-over; it must apply. */
  receive(to: Department | 'DESK', when?: Instant | number): Story {
    const now = this.timeOf(when);
    const received = receiveHandoff(this.dossier, to, ctxAt(now));
    if (!received) throw new Error(`no pending hand-over to ${to}`);
    return new Story(received, now);
  }

  /** Drives an accepted-to-`step` dossier along the happy path (optionally on to the result). */
  to(step: Step | 'ISSUED' | 'RESULT_READY' | 'RETURNED'): Story {
    const order = ['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE', 'ISSUED', 'RESULT_READY', 'RETURNED'];
    const target = order.indexOf(step);
    // A story is immutable: the walk starts from a copy of this one and moves on from there.
    let s = new Story(this.dossier, this.now, this.last);
    const current = () => {
      const d = s.dossier;
      if (d.status === 'SUBMITTED') return -1;
      if (d.status === 'RESULT_READY') return order.indexOf('RESULT_READY');
      if (d.status === 'RETURNED') return order.indexOf('RETURNED');
      if (d.step === 'ISSUANCE' && d.handoffs.at(-1)?.receivedAt === undefined) return order.indexOf('ISSUED');
      return order.indexOf(d.step ?? '');
    };
    const { reception, head, specialist, leader, clerk } = officials;
    while (current() < target) {
      switch (order[current() + 1]) {
        case 'RECEPTION':
          s = s.do(commands.accept(), reception);
          break;
        case 'ASSIGNMENT':
          s = s.receive(s.dossier.department);
          break;
        case 'APPRAISAL':
          s = s.do(commands.assign(), head);
          break;
        case 'REVIEW':
          s = s.do(commands.propose(), specialist);
          break;
        case 'APPROVAL':
          s = s.do(commands.review(true), head);
          break;
        case 'ISSUANCE':
          s = s.do(commands.approve(), leader);
          break;
        case 'ISSUED':
          s = s.do(commands.issue(), clerk);
          break;
        case 'RESULT_READY':
          s = s.receive('DESK');
          break;
        case 'RETURNED':
          s = s.do(commands.return(), reception);
          break;
        default:
          throw new Error(`cannot drive to ${step}`);
      }
    }
    return s;
  }
}

/** Freezes an object graph, so that any mutation by the code under test throws (ESM is strict). */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
