import type { ChangeSource } from './audit.js';
import type { WorkingCalendar } from './calendar.js';
import { dueAt, timelinessOf, workingMinutes } from './deadlines.js';
import { appendHistory } from './history-chain.js';
import { DEFAULT_SUPPLEMENT_LIMIT_DAYS, isOpen, nameField, OPEN_STATUSES, SYSTEM_ACTORS } from './model.js';
import type { ActedBy, Actor, Applicant, Channel, Department, Dossier, DossierDocument, Handoff, Procedure, Role, Status, Step, StepRecord } from './model.js';
import {
  cancel,
  collect,
  DEFAULT_PAYMENT_LIMIT_DAYS,
  exemptionOf,
  refund,
  requestPayment,
  settled,
  waive,
  type Payment,
  type PaymentMethod,
  type ReceiptBook,
} from './payment.js';
import type { PaymentChannel, PaymentRefund, RefundDue } from './payment-platform.js';
import { leaderSignature, pendingSession, resultDraft, type RegisterEntry, type SigningSession } from './signing.js';
import { parseInstant, toVietnamIso, toVietnamIsoMs, type Instant } from './time.js';

/** What an official (or a portal) asks of a dossier. */
export type Command =
  /** `procedure`: the catalogue's current version, which the dossier keeps from acceptance on. */
  | { type: 'accept'; code: string; procedure?: Procedure }
  | { type: 'request-supplement'; reason: string; documents: string[] }
  | { type: 'supplement'; documents: DossierDocument[] }
  | { type: 'refuse'; reason: string }
  | { type: 'assign'; assignee: string }
  | { type: 'propose'; outcome: 'APPROVE' | 'REJECT'; summary: string }
  | { type: 'review'; agree: boolean; note: string }
  /** With `signing`, the leader's signing of the result's draft that completed it (SIGNED). */
  | { type: 'approve'; decision: 'APPROVED' | 'REJECTED'; note: string; signing?: SigningSession }
  /** The line of the outgoing register, and the seal's signing of a signed result. */
  | { type: 'issue'; registration?: RegisterEntry; seal?: SigningSession }
  | { type: 'return' }
  | { type: 'withdraw'; reason: string }
  | { type: 'extend'; newDueAt: string; reason: string }
  /** `numbers` and `book`: the receipt numbers the commune's book gives (the application adds them, one per receipt due). */
  | {
      type: 'collect';
      method: PaymentMethod;
      reference?: string;
      exemption?: { group: string; evidence: string };
      numbers: number[];
      book: ReceiptBook;
    }
  | { type: 'waive'; group: string; evidence: string }
  /** With `reference`, the online payment owed back of that request (refundOverpayment), not the dossier's fees. */
  | { type: 'refund'; reason: string; reference?: string };

export type Action = Command['type'];

export interface Context {
  now: Instant;
  calendar: WorkingCalendar;
  /** The API request an official's change comes with: its history entry carries it (the change's access trail entry). */
  source?: ChangeSource;
}

/** Why a command was not carried out: maps to 403, 409 and 400. */
export interface Refusal {
  kind: 'forbidden' | 'conflict' | 'invalid';
  detail: string;
}

/** A hand-over to send over the queues once the new state is stored. */
export interface HandoffMessage {
  dossierId: string;
  commune: string;
  to: Department | 'DESK';
}

export type Decision = { ok: true; dossier: Dossier } | { ok: false; refusal: Refusal };

interface Rule {
  roles: Role[];
  /** Roles that act only on their own department's dossiers (claim `department`). */
  departmentRoles?: Role[];
  /** Whether the dossier's state allows the action for that role. */
  allowed: (d: Dossier, role: Role) => boolean;
  /** Why a state that allows the action still holds it back (a 409 that says what to do first). */
  heldBack?: (d: Dossier) => string | undefined;
}

const DEPARTMENT_SUPPLEMENT_STEPS: Step[] = ['ASSIGNMENT', 'APPRAISAL', 'REVIEW'];

const at = (d: Dossier, status: Status, ...steps: Step[]) => d.status === status && (steps.length === 0 || (d.step !== undefined && steps.includes(d.step)));

/** Who may do what, in which state and step (ma trận phân quyền). */
export const RULES: Record<Action, Rule> = {
  accept: { roles: ['RECEPTION'], allowed: (d) => at(d, 'SUBMITTED') },
  'request-supplement': {
    roles: ['RECEPTION', 'DEPT_HEAD'],
    departmentRoles: ['DEPT_HEAD'],
    allowed: (d, role) => (role === 'RECEPTION' ? at(d, 'SUBMITTED') : at(d, 'IN_PROCESSING', ...DEPARTMENT_SUPPLEMENT_STEPS)),
  },
  supplement: { roles: ['PORTAL', 'RECEPTION'], allowed: (d) => at(d, 'SUPPLEMENT_REQUESTED') },
  refuse: { roles: ['RECEPTION'], allowed: (d) => at(d, 'SUBMITTED') },
  assign: { roles: ['DEPT_HEAD'], departmentRoles: ['DEPT_HEAD'], allowed: (d) => at(d, 'IN_PROCESSING', 'ASSIGNMENT', 'APPRAISAL') },
  propose: { roles: ['SPECIALIST'], departmentRoles: ['SPECIALIST'], allowed: (d) => at(d, 'IN_PROCESSING', 'APPRAISAL') },
  review: { roles: ['DEPT_HEAD'], departmentRoles: ['DEPT_HEAD'], allowed: (d) => at(d, 'IN_PROCESSING', 'REVIEW') },
  approve: {
    roles: ['LEADER'],
    allowed: (d) => at(d, 'IN_PROCESSING', 'APPROVAL'),
    heldBack: (d) => (pendingSession(d) ? "the leader's signature of the result waits for confirmation on the signing device" : undefined),
  },
  issue: { roles: ['CLERK'], allowed: (d) => at(d, 'IN_PROCESSING', 'ISSUANCE') && !pendingHandoff(d) },
  return: {
    roles: ['RECEPTION'],
    allowed: (d) => at(d, 'RESULT_READY'),
    heldBack: (d) => (settled(d.payment) ? undefined : `the fees due at result (${d.payment!.total} đồng) are not paid: collect or waive them first`),
  },
  withdraw: { roles: ['PORTAL', 'RECEPTION'], allowed: (d) => OPEN_STATUSES.includes(d.status) },
  extend: {
    roles: ['DEPT_HEAD'],
    departmentRoles: ['DEPT_HEAD'],
    allowed: (d) => isOpen(d.status) && d.dueAt !== undefined,
  },
  collect: { roles: ['RECEPTION'], allowed: (d) => paymentAwaited(d) },
  waive: { roles: ['RECEPTION'], allowed: (d) => paymentAwaited(d) },
  // Money is given back for a dossier that will not be worked: refused or withdrawn after paying.
  refund: { roles: ['LEADER'], allowed: (d) => d.payment?.status === 'PAID' && (d.status === 'REFUSED' || d.status === 'WITHDRAWN') },
};

/** Whether the dossier waits for its fees: accepted and not yet paid, or its result at the desk and the result fees not yet paid. */
const paymentAwaited = (d: Dossier) => d.payment?.status === 'AWAITING' && (d.status === 'AWAITING_PAYMENT' || d.status === 'RESULT_READY');

/** The department that owns a step: approval and issuance run in the commune office. */
function stepDepartment(d: Dossier, step: Step): Department | 'DESK' {
  if (step === 'RECEPTION') return 'DESK';
  if (step === 'APPROVAL' || step === 'ISSUANCE') return 'OFFICE';
  return d.department;
}

/**
 * The appointment a dossier is judged against: the original one when it was extended (an
 * extension does not make a late dossier on time), unless a RESET supplement restarted the time.
 */
export function promisedDueAt(d: Dossier): string | undefined {
  return d.extension && !d.extension.supersededAt ? d.extension.originalDueAt : d.dueAt;
}

/**
 * The hand-over sent and not yet recorded by its receiver, if any. Only a dossier in processing
 * has one: a withdrawal while a message travels leaves nothing for the receiver to record.
 */
export function pendingHandoff(d: Pick<Dossier, 'status' | 'handoffs'>): Handoff | undefined {
  const last = d.handoffs.at(-1);
  return d.status === 'IN_PROCESSING' && last && !last.receivedAt ? last : undefined;
}

/**
 * The hand-over a stored change made, to be sent to its receiver: a pending one the version
 * before did not have (accept hands over to the department, issue to the desk).
 */
export function handoffMade(
  before: Pick<Dossier, 'handoffs'> | undefined,
  after: Pick<Dossier, 'id' | 'commune' | 'status' | 'handoffs'>,
): HandoffMessage | undefined {
  const pending = pendingHandoff(after);
  if (!pending || (before && before.handoffs.length >= after.handoffs.length)) return undefined;
  return { dossierId: after.id, commune: after.commune, to: pending.to };
}

/** Whether the actor may carry out the action now; 403 before 409, so roles never learn state. */
export function check(d: Dossier, action: Action, actor: Actor): Refusal | undefined {
  const rule = RULES[action];
  const held = rule.roles.filter((r) => actor.roles.includes(r));
  if (held.length === 0) {
    return { kind: 'forbidden', detail: `'${action}' needs one of the roles ${rule.roles.join(', ')}` };
  }
  const roles = held.filter((r) => !rule.departmentRoles?.includes(r) || actor.department === d.department);
  if (roles.length === 0) {
    return { kind: 'forbidden', detail: `'${action}' is for the ${d.department} department` };
  }
  if (action === 'propose' && d.assignee !== actor.sub) {
    return { kind: 'forbidden', detail: 'only the assigned specialist may propose a result' };
  }
  if (!roles.some((r) => rule.allowed(d, r))) {
    const where = d.step && d.status === 'IN_PROCESSING' ? ` at step ${d.step}` : '';
    return { kind: 'conflict', detail: `'${action}' is not allowed while the dossier is ${d.status}${where}` };
  }
  const holdsBack = rule.heldBack?.(d);
  return holdsBack ? { kind: 'conflict', detail: holdsBack } : undefined;
}

/** Every action the actor may carry out on the dossier now: what the console offers as buttons. */
export function allowedActions(d: Dossier, actor: Actor): Action[] {
  return (Object.keys(RULES) as Action[]).filter((action) => check(d, action, actor) === undefined);
}

const iso = toVietnamIso;

function record(d: Dossier, ctx: Context, actor: ActedBy, action: string, next: Partial<Dossier>, note?: string): Dossier {
  // Closing stops the processing clock: the dossier counts as closed from then on.
  const closes = next.status !== undefined && isOpen(d.status) && !isOpen(next.status);
  const merged: Dossier = { ...d, ...next, ...(closes ? { closedAt: iso(ctx.now) } : {}) };
  const entry = {
    at: iso(ctx.now),
    action,
    actor: actor.sub,
    ...nameField('actorName', actor),
    status: merged.status,
    ...(merged.step ? { step: merged.step } : {}),
    ...(note ? { note } : {}),
    ...(ctx.source ? { access: { at: toVietnamIsoMs(ctx.now), ...ctx.source } } : {}),
  };
  return { ...merged, history: appendHistory(d, entry), version: d.version + 1 };
}

/** A step record naming who acts on it now: the account, and the name when known (a name of someone else goes). */
function actedOn(s: StepRecord, who: ActedBy | undefined): StepRecord {
  if (!who) return s;
  const { actorName: _previous, ...rest } = s;
  return { ...rest, actor: who.sub, ...nameField('actorName', who) };
}

/** The specialist a dossier sent back for appraisal returns to, with the name the appraisal step knew them by. */
function appraiser(d: Dossier): ActedBy {
  const known = d.steps.findLast((s) => s.step === 'APPRAISAL' && s.actor === d.assignee);
  return { sub: d.assignee!, ...(known?.actorName ? { name: known.actorName } : {}) };
}

function stepDue(d: Dossier, ctx: Context, step: Step, start: Instant): string {
  if (d.procedure.processing.kind === 'SAME_DAY' && d.dueAt) return d.dueAt;
  return iso(ctx.calendar.addWorkingMinutes(start, workingMinutes(ctx.calendar, d.procedure.stepBudgets[step])));
}

function startStep(d: Dossier, ctx: Context, step: Step, actor?: ActedBy): StepRecord {
  return {
    step,
    department: stepDepartment(d, step),
    ...(actor ? { actor: actor.sub, ...nameField('actorName', actor) } : {}),
    startedAt: iso(ctx.now),
    dueAt: stepDue(d, ctx, step, ctx.now),
  };
}

/** Completes the open step (the last one) and, when given, starts the next. */
function advance(d: Dossier, ctx: Context, completedBy: ActedBy | undefined, next?: { step: Step; actor?: ActedBy }): StepRecord[] {
  const steps = d.steps.map((s, i) =>
    i === d.steps.length - 1 && !s.completedAt
      ? {
          ...actedOn(s, completedBy),
          completedAt: iso(ctx.now),
          timeliness: timelinessOf(ctx.now, parseInstant(s.dueAt)),
        }
      : s,
  );
  return next ? [...steps, startStep(d, ctx, next.step, next.actor)] : steps;
}

/**
 * On a complete supplement: under PAUSE every open deadline (and the extension's dates) moves by
 * the paused working time; under RESET the full time counts again from now, and an earlier
 * extension no longer applies.
 */
function resume(d: Dossier, ctx: Context): Partial<Dossier> {
  if (!d.pausedAt || !d.dueAt) return {};
  const open = (s: StepRecord) => !s.completedAt;
  if (d.procedure.supplementRule === 'RESET') {
    const due = iso(dueAt(ctx.calendar, ctx.now, d.procedure.processing));
    const withDue = { ...d, dueAt: due };
    return {
      dueAt: due,
      ...(d.extension ? { extension: { ...d.extension, supersededAt: iso(ctx.now) } } : {}),
      steps: d.steps.map((s) => (open(s) ? { ...s, dueAt: stepDue(withDue, ctx, s.step, ctx.now) } : s)),
    };
  }
  const paused = ctx.calendar.workingMinutesBetween(parseInstant(d.pausedAt), ctx.now);
  // No working time paused, nothing moves (a due at a session close stays at that close).
  if (paused === 0) return {};
  const shift = (due: string) => iso(ctx.calendar.addWorkingMinutes(parseInstant(due), paused));
  return {
    dueAt: shift(d.dueAt),
    ...(d.extension ? { extension: { ...d.extension, originalDueAt: shift(d.extension.originalDueAt), newDueAt: shift(d.extension.newDueAt) } } : {}),
    steps: d.steps.map((s) => (open(s) ? { ...s, dueAt: shift(s.dueAt) } : s)),
  };
}

/** The processing clock starts: the due date counted from now, the reception step open, the dossier handed over to its department. */
function startProcessing(d: Dossier, ctx: Context, by: ActedBy): Partial<Dossier> {
  const due = iso(dueAt(ctx.calendar, ctx.now, d.procedure.processing));
  const now = iso(ctx.now);
  return {
    status: 'IN_PROCESSING',
    step: 'RECEPTION',
    dueAt: due,
    steps: [startStep({ ...d, dueAt: due }, ctx, 'RECEPTION', by)],
    handoffs: [{ from: 'DESK', to: d.department, handedOverBy: by.sub, ...nameField('handedOverByName', by), handedOverAt: now }],
  };
}

/** An awaited payment no longer asked for, when the dossier stops before paying. */
const cancelled = (d: Dossier): Partial<Dossier> => (d.payment?.status === 'AWAITING' ? { payment: cancel(d.payment) } : {});

/**
 * The dossier once its payment is settled (PAID or WAIVED): a dossier that waited for its
 * reception fees starts processing now, its due date counted from the payment; a result at the
 * desk may then be returned. The history entry is `collect` (paid, at the desk or online) or `waive`.
 */
export function recordPayment(d: Dossier, payment: Payment, ctx: Context, by: ActedBy): Dossier {
  const start = d.status === 'AWAITING_PAYMENT' ? startProcessing(d, ctx, by) : {};
  const evidence = payment.status === 'WAIVED' ? payment.lines[0]?.exemption?.evidence : payment.reference;
  return record(d, ctx, by, payment.status === 'WAIVED' ? 'waive' : 'collect', { payment, ...start }, evidence);
}

/** What a paid online transaction makes of the dossier it was asked for. */
export type OnlineSettlement =
  /** The payment settled: PAID with method ONLINE, one receipt per kind, the dossier moved on. */
  | { kind: 'SETTLE'; dossier: Dossier }
  /** This very transaction settled it already (a callback and the QUERY both told). */
  | { kind: 'SETTLED' }
  /** Nothing (or another amount) was owed any more: cancelled, paid otherwise, or the dossier stopped. The money is owed back. */
  | { kind: 'REFUND_DUE'; why: string };

/**
 * A transaction the payment platform reports paid, for an online request of `amount`: it
 * settles the awaited payment as the desk's collection does, with method ONLINE and the
 * platform's transaction id as the reference.
 */
export function settleOnline(
  d: Dossier,
  t: { transaction: string; platform: PaymentChannel; amount: number; numbers: number[]; book: ReceiptBook },
  ctx: Context,
): OnlineSettlement {
  const p = d.payment;
  if (p?.method === 'ONLINE' && p.reference === t.transaction) return { kind: 'SETTLED' };
  if (!paymentAwaited(d)) return { kind: 'REFUND_DUE', why: `the payment is ${p?.status ?? 'NONE'} and the dossier ${d.status}` };
  if (p!.total !== t.amount) return { kind: 'REFUND_DUE', why: `${t.amount} đồng were paid for a payment of ${p!.total}` };
  const by = { sub: SYSTEM_ACTORS.paymentPlatform };
  const collected = collect(p, {
    method: 'ONLINE',
    reference: t.transaction,
    platform: t.platform,
    numbers: t.numbers,
    book: t.book,
    at: iso(ctx.now),
    by: by.sub,
  });
  if (!collected.ok) return { kind: 'REFUND_DUE', why: collected.refusal.detail };
  return { kind: 'SETTLE', dossier: recordPayment(d, collected.payment, ctx, by) };
}

/**
 * The leader gives back an online payment the platform took when it was no longer owed (a
 * request flagged REFUND_DUE): the dossier's payment stays as it is and keeps the refund beside
 * it; the history entry is a `refund` with its reason, as for the fees' own refund. The same
 * money is never given back twice.
 */
export function refundOverpayment(
  d: Dossier,
  due: RefundDue,
  reason: string,
  actor: Actor,
  ctx: Context,
): { ok: true; dossier: Dossier; refund: PaymentRefund } | { ok: false; refusal: Refusal } {
  if (!actor.roles.includes('LEADER')) return { ok: false, refusal: { kind: 'forbidden', detail: "'refund' needs one of the roles LEADER" } };
  const given = d.payment?.overpaymentRefunds ?? [];
  if (due.dossierId !== d.id || !d.payment)
    return { ok: false, refusal: { kind: 'invalid', detail: `the online payment ${due.reference} is not this dossier's` } };
  if (due.status !== 'REFUND_DUE' || given.some((r) => r.reference === due.reference))
    return { ok: false, refusal: { kind: 'conflict', detail: `the online payment ${due.reference} was refunded already` } };
  const now = iso(ctx.now);
  const refund: PaymentRefund = { reason, by: actor.sub, ...nameField('byName', actor), at: now };
  const payment = {
    ...d.payment,
    overpaymentRefunds: [...given, { reference: due.reference, transaction: due.transaction.id, amount: due.amount, reason, by: actor.sub, at: now }],
  };
  return { ok: true, dossier: record(d, ctx, actor, 'refund', { payment }, reason), refund };
}

function apply(d: Dossier, cmd: Command, actor: Actor, ctx: Context): Decision {
  const now = iso(ctx.now);
  const by = actor.sub;
  switch (cmd.type) {
    case 'accept': {
      const procedure = cmd.procedure ?? d.procedure;
      const accepted: Dossier = { ...d, procedure, department: procedure.department, code: cmd.code, acceptedAt: now };
      const limit = workingMinutes(ctx.calendar, procedure.paymentLimitDays ?? DEFAULT_PAYMENT_LIMIT_DAYS);
      const payment = requestPayment(procedure.fees, 'RECEPTION', d.channel, now, iso(ctx.calendar.addWorkingMinutes(ctx.now, limit)));
      // Fees due at reception: the processing clock and the hand-over wait for them.
      const next = payment ? { status: 'AWAITING_PAYMENT' as const, payment } : startProcessing(accepted, ctx, actor);
      return {
        ok: true,
        dossier: record(d, ctx, actor, 'accept', { procedure, department: procedure.department, code: cmd.code, acceptedAt: now, ...next }),
      };
    }
    case 'request-supplement': {
      const processing = d.status === 'IN_PROCESSING';
      return {
        ok: true,
        dossier: record(
          d,
          ctx,
          actor,
          'request-supplement',
          {
            status: 'SUPPLEMENT_REQUESTED',
            resumeStatus: processing ? 'IN_PROCESSING' : 'SUBMITTED',
            ...(processing ? { pausedAt: now } : {}),
            supplementRequest: {
              reason: cmd.reason,
              documents: cmd.documents,
              requestedBy: by,
              ...nameField('requestedByName', actor),
              requestedAt: now,
              supplyBy: iso(
                ctx.calendar.addWorkingMinutes(ctx.now, workingMinutes(ctx.calendar, d.procedure.supplementLimitDays ?? DEFAULT_SUPPLEMENT_LIMIT_DAYS)),
              ),
            },
          },
          cmd.reason,
        ),
      };
    }
    case 'supplement': {
      const { pausedAt: _paused, resumeStatus: _resume, ...rest } = d;
      const resumed: Dossier = {
        ...rest,
        ...resume(d, ctx),
        ...(d.supplementRequest ? { supplementRequest: { ...d.supplementRequest, suppliedAt: iso(ctx.now) } } : {}),
        status: d.resumeStatus ?? 'SUBMITTED',
        documents: [...d.documents, ...cmd.documents],
      };
      return { ok: true, dossier: record(resumed, ctx, actor, 'supplement', {}) };
    }
    case 'refuse':
      return { ok: true, dossier: record(d, ctx, actor, 'refuse', { status: 'REFUSED', refusal: { reason: cmd.reason }, ...cancelled(d) }, cmd.reason) };
    case 'assign': {
      if (d.step === 'APPRAISAL') {
        const steps = d.steps.map((s, i) => (i === d.steps.length - 1 ? actedOn(s, { sub: cmd.assignee }) : s));
        return { ok: true, dossier: record(d, ctx, actor, 'reassign', { assignee: cmd.assignee, steps }) };
      }
      return {
        ok: true,
        dossier: record(d, ctx, actor, 'assign', {
          step: 'APPRAISAL',
          assignee: cmd.assignee,
          steps: advance(d, ctx, actor, { step: 'APPRAISAL', actor: { sub: cmd.assignee } }),
        }),
      };
    }
    case 'propose':
      return {
        ok: true,
        dossier: record(
          d,
          ctx,
          actor,
          'propose',
          {
            step: 'REVIEW',
            proposal: { outcome: cmd.outcome, summary: cmd.summary, by, ...nameField('byName', actor) },
            steps: advance(d, ctx, actor, { step: 'REVIEW' }),
          },
          `${cmd.outcome}: ${cmd.summary}`,
        ),
      };
    case 'review': {
      const next: Step = cmd.agree ? 'APPROVAL' : 'APPRAISAL';
      return {
        ok: true,
        dossier: record(
          d,
          ctx,
          actor,
          'review',
          {
            step: next,
            review: { agree: cmd.agree, note: cmd.note, by, ...nameField('byName', actor) },
            steps: advance(d, ctx, actor, cmd.agree ? { step: next } : { step: next, ...(d.assignee ? { actor: appraiser(d) } : {}) }),
          },
          cmd.note,
        ),
      };
    }
    case 'approve': {
      // An electronic result has legal value only with the competent person's signature (Decree 30/2020 Art. 13).
      if (resultDraft(d) && cmd.signing?.status !== 'SIGNED') {
        return {
          ok: false,
          refusal: { kind: 'conflict', detail: "the result has an electronic draft: it is approved with the leader's digital signature (sign: true)" },
        };
      }
      const signings = cmd.signing ? (d.signings ?? []).map((s) => (s.id === cmd.signing!.id ? cmd.signing! : s)) : undefined;
      return {
        ok: true,
        dossier: record(
          d,
          ctx,
          actor,
          'approve',
          {
            step: 'ISSUANCE',
            result: { decision: cmd.decision, note: cmd.note, ...(cmd.signing ? { electronic: true } : {}) },
            steps: advance(d, ctx, actor, { step: 'ISSUANCE' }),
            ...(signings ? { signings } : {}),
          },
          `${cmd.decision}: ${cmd.note}${cmd.signing ? ` (ký số ${cmd.signing.certificate?.subject ?? cmd.signing.by})` : ''}`,
        ),
      };
    }
    case 'issue': {
      // A result the leader signed leaves only with the agency's seal over it (Decree 30/2020 Art. 32–33).
      if (leaderSignature(d) && cmd.seal?.status !== 'SIGNED') {
        return { ok: false, refusal: { kind: 'conflict', detail: "the leader's signed result is issued with the commune's seal" } };
      }
      const steps = d.steps.map((s, i) => (i === d.steps.length - 1 ? actedOn(s, actor) : s));
      const entry = cmd.registration;
      return {
        ok: true,
        dossier: record(
          d,
          ctx,
          actor,
          'issue',
          {
            steps,
            handoffs: [...d.handoffs, { from: 'OFFICE', to: 'DESK', handedOverBy: by, ...nameField('handedOverByName', actor), handedOverAt: now }],
            ...(entry ? { registration: entry } : {}),
            ...(cmd.seal ? { signings: [...(d.signings ?? []), cmd.seal] } : {}),
          },
          entry ? `${entry.symbol}, ${entry.issuedOn}${cmd.seal ? ` (đóng dấu ${cmd.seal.certificate?.subject ?? ''})` : ''}` : undefined,
        ),
      };
    }
    case 'return':
      return { ok: true, dossier: record(d, ctx, actor, 'return', { status: 'RETURNED', returnedAt: now }) };
    case 'withdraw':
      return {
        ok: true,
        dossier: record(d, ctx, actor, 'withdraw', { status: 'WITHDRAWN', withdrawal: { reason: cmd.reason }, ...cancelled(d) }, cmd.reason),
      };
    case 'collect': {
      const exemption = cmd.exemption && exemptionOf(d.procedure.exemptions, cmd.exemption.group, cmd.exemption.evidence);
      if (exemption && 'kind' in exemption) return { ok: false, refusal: exemption };
      const collected = collect(d.payment, {
        method: cmd.method,
        ...(cmd.reference ? { reference: cmd.reference } : {}),
        ...(exemption ? { exemption } : {}),
        numbers: cmd.numbers,
        book: cmd.book,
        at: now,
        by,
      });
      return collected.ok ? { ok: true, dossier: recordPayment(d, collected.payment, ctx, actor) } : collected;
    }
    case 'waive': {
      const exemption = exemptionOf(d.procedure.exemptions, cmd.group, cmd.evidence);
      if ('kind' in exemption) return { ok: false, refusal: exemption };
      const waived = waive(d.payment, exemption, now, by);
      return waived.ok ? { ok: true, dossier: recordPayment(d, waived.payment, ctx, actor) } : waived;
    }
    case 'refund': {
      if (cmd.reference)
        return { ok: false, refusal: { kind: 'invalid', detail: 'an online payment owed back is refunded with its record (refundOverpayment)' } };
      const refunded = refund(d.payment, cmd.reason, now, by);
      return refunded.ok ? { ok: true, dossier: record(d, ctx, actor, 'refund', { payment: refunded.payment }, cmd.reason) } : refunded;
    }
    case 'extend': {
      const newDue = parseInstant(cmd.newDueAt);
      if (Number.isNaN(newDue) || newDue <= parseInstant(d.dueAt!)) {
        return { ok: false, refusal: { kind: 'invalid', detail: 'newDueAt must be later than the current dueAt' } };
      }
      const originalDueAt = promisedDueAt(d)!;
      return {
        ok: true,
        dossier: record(
          d,
          ctx,
          actor,
          'extend',
          { dueAt: iso(newDue), extension: { originalDueAt, newDueAt: iso(newDue), reason: cmd.reason, by, ...nameField('byName', actor), at: now } },
          cmd.reason,
        ),
      };
    }
  }
}

/** Carries out a command if the actor may, in the dossier's current state. Pure. */
export function decide(d: Dossier, cmd: Command, actor: Actor, ctx: Context): Decision {
  const refusal = check(d, cmd.type, actor);
  return refusal ? { ok: false, refusal } : apply(d, cmd, actor, ctx);
}

/**
 * The receiving side of a hand-over, run by the queue consumers: the department records the
 * dossier (step ASSIGNMENT), or the desk records the result (RESULT_READY). Undefined when the
 * hand-over is already recorded or no longer applies (a redelivery, a withdrawal in transit).
 */
export function receiveHandoff(d: Dossier, to: Department | 'DESK', ctx: Context): Dossier | undefined {
  const pending = pendingHandoff(d);
  if (!pending || pending.to !== to || d.status !== 'IN_PROCESSING') return undefined;
  const receiver = to === 'DESK' ? SYSTEM_ACTORS.resultsIntake : SYSTEM_ACTORS.departmentIntake(to);
  const now = iso(ctx.now);
  const steps = advance(d, ctx, undefined, to === 'DESK' ? undefined : { step: 'ASSIGNMENT' });
  const handoffs = d.handoffs.map((h) =>
    h === pending ? { ...h, receivedBy: receiver, receivedAt: now, timeliness: steps[d.steps.length - 1]!.timeliness! } : h,
  );
  if (to !== 'DESK') {
    return record(d, ctx, { sub: receiver }, 'receive', { step: 'ASSIGNMENT', steps, handoffs });
  }
  // At the desk the result is out of the internal steps: the dossier no longer shows one.
  const { step: _left, ...atDesk } = d;
  const promised = parseInstant(promisedDueAt(d)!);
  const payment = requestPayment(d.procedure.fees, 'RESULT', d.channel, now);
  return record(atDesk, ctx, { sub: receiver }, 'receive-result', {
    status: 'RESULT_READY',
    steps,
    handoffs,
    completedAt: now,
    timeliness: timelinessOf(ctx.now, promised),
    ...(payment ? { payment } : {}),
  });
}

export interface NewDossier {
  procedureCode: string;
  channel: Channel;
  applicant: Applicant;
  documents: DossierDocument[];
  competentCommune?: string;
  note?: string;
}

/** A dossier as submitted (tiếp nhận): online by a portal, in person or by post at the desk. */
export function submitDossier(
  input: NewDossier,
  actor: Actor,
  ctx: { now: Instant; id: string; commune: string; receivingUnit: string; procedure: Procedure; lookupSecretHash: string; source?: ChangeSource },
): Decision {
  const online = input.channel === 'ONLINE';
  if (online ? !actor.roles.includes('PORTAL') : !actor.roles.includes('RECEPTION')) {
    return {
      ok: false,
      refusal: online
        ? { kind: 'forbidden', detail: 'online dossiers are submitted by a portal' }
        : { kind: 'forbidden', detail: 'in-person and postal dossiers are created by the reception desk' },
    };
  }
  const now = iso(ctx.now);
  const dossier: Dossier = {
    id: ctx.id,
    province: actor.province,
    commune: ctx.commune,
    receivingUnit: ctx.receivingUnit,
    procedure: ctx.procedure,
    department: ctx.procedure.department,
    channel: input.channel,
    applicant: input.applicant,
    documents: input.documents,
    ...(input.note ? { note: input.note } : {}),
    status: 'SUBMITTED',
    submittedAt: now,
    submittedBy: actor.sub,
    steps: [],
    handoffs: [],
    history: appendHistory(
      { id: ctx.id, history: [] },
      {
        at: now,
        action: 'submit',
        actor: actor.sub,
        ...nameField('actorName', actor),
        status: 'SUBMITTED',
        ...(ctx.source ? { access: { at: toVietnamIsoMs(ctx.now), ...ctx.source } } : {}),
      },
    ),
    lookupSecretHash: ctx.lookupSecretHash,
    version: 1,
  };
  return { ok: true, dossier };
}

/**
 * A supplement request left unanswered past its time limit: the dossier is refused with the
 * reason. Undefined when the dossier is not waiting for a supplement or still has time.
 */
export function expireSupplement(d: Dossier, ctx: Context): Dossier | undefined {
  const request = d.supplementRequest;
  if (d.status !== 'SUPPLEMENT_REQUESTED' || !request || request.suppliedAt || ctx.now <= parseInstant(request.supplyBy)) return undefined;
  const reason = `the missing documents were not supplied by ${request.supplyBy}`;
  return record(d, ctx, { sub: SYSTEM_ACTORS.supplementExpiry }, 'supplement-expired', { status: 'REFUSED', refusal: { reason } }, reason);
}

/**
 * Fees due at reception left unpaid past the time limit: the dossier is refused with the reason
 * (Form 03), like an unanswered supplement, and the payment is no longer asked for. Undefined
 * when the dossier is not waiting for its fees or still has time.
 */
export function expirePayment(d: Dossier, ctx: Context): Dossier | undefined {
  const payBy = d.payment?.payBy;
  if (d.status !== 'AWAITING_PAYMENT' || d.payment?.status !== 'AWAITING' || !payBy || ctx.now <= parseInstant(payBy)) return undefined;
  const reason = `the fees were not paid by ${payBy}`;
  return record(d, ctx, { sub: SYSTEM_ACTORS.paymentExpiry }, 'payment-expired', { status: 'REFUSED', refusal: { reason }, ...cancelled(d) }, reason);
}
