/**
 * What the lifecycle tests share: the permission table of docs/domain.md written out by hand, a
 * dossier in every reachable state, a valid command of each action, and the effects every
 * transition records.
 */
import { expect } from 'vitest';
import { verifyHistory } from '../../shared/domain/history-chain.js';
import { expirePayment, expireSupplement, pendingHandoff, RULES, type Action, type Command } from '../../shared/domain/lifecycle.js';
import { type Actor, type Dossier, type Role, type Step } from '../../shared/domain/model.js';
import { parseInstant, toVietnamIso, type Instant } from '../../shared/domain/time.js';
import { at, commands, DEPARTMENT, feesAt, MINUTE, officials, procedure, Story, type OfficialName } from './fixtures.js';

export const ACTIONS = Object.keys(RULES) as Action[];
export const OFFICIALS = Object.keys(officials) as OfficialName[];
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const iso = toVietnamIso;
const { portal, reception, head, colleague, leader } = officials;

// ---------------------------------------------------------------------------------------------
// The permission table of docs/domain.md (who may do what, when), written out by hand, not derived from RULES.
// ---------------------------------------------------------------------------------------------

/** A dossier's state as the permission table sees it. */
export type State =
  | 'SUBMITTED'
  | 'AWAITING_PAYMENT'
  | 'SUPPLEMENT_REQUESTED before acceptance'
  | 'REFUSED'
  | 'REFUSED, paid'
  | 'WITHDRAWN'
  | 'WITHDRAWN, paid'
  | 'RESULT_READY, result fees unpaid'
  | `IN_PROCESSING/${Step}`
  | 'IN_PROCESSING/ISSUANCE, result in transit'
  | `SUPPLEMENT_REQUESTED/${Step}`
  | 'RESULT_READY'
  | 'RETURNED';

export function stateOf(d: Dossier): State {
  switch (d.status) {
    case 'IN_PROCESSING':
      if (d.step === 'ISSUANCE' && pendingHandoff(d)) return 'IN_PROCESSING/ISSUANCE, result in transit';
      return `IN_PROCESSING/${d.step!}`;
    case 'SUPPLEMENT_REQUESTED':
      return d.resumeStatus === 'IN_PROCESSING' ? `SUPPLEMENT_REQUESTED/${d.step!}` : 'SUPPLEMENT_REQUESTED before acceptance';
    case 'REFUSED':
    case 'WITHDRAWN':
      return d.payment?.status === 'PAID' ? `${d.status}, paid` : d.status;
    case 'RESULT_READY':
      return d.payment?.status === 'AWAITING' ? 'RESULT_READY, result fees unpaid' : 'RESULT_READY';
    default:
      return d.status;
  }
}

/** Every state in which the dossier has been accepted and is open: in processing or paused. */
export const PROCESSING: State[] = [
  'IN_PROCESSING/RECEPTION',
  'IN_PROCESSING/ASSIGNMENT',
  'IN_PROCESSING/APPRAISAL',
  'IN_PROCESSING/REVIEW',
  'IN_PROCESSING/APPROVAL',
  'IN_PROCESSING/ISSUANCE',
  'IN_PROCESSING/ISSUANCE, result in transit',
];
export const PAUSED_IN_DEPARTMENT: State[] = ['SUPPLEMENT_REQUESTED/ASSIGNMENT', 'SUPPLEMENT_REQUESTED/APPRAISAL', 'SUPPLEMENT_REQUESTED/REVIEW'];

/** Who may do what, where. Anything not listed is refused. */
export const PERMISSION_TABLE: { action: Action; roles: Role[]; states: State[]; source: string }[] = [
  { action: 'accept', roles: ['RECEPTION'], states: ['SUBMITTED'], source: '§4 SUBMITTED ─accept→ IN_PROCESSING; §7 accept: RECEPTION' },
  { action: 'refuse', roles: ['RECEPTION'], states: ['SUBMITTED'], source: '§4 SUBMITTED ─refuse→ REFUSED; §7 refuse: RECEPTION' },
  {
    action: 'request-supplement',
    roles: ['RECEPTION'],
    states: ['SUBMITTED'],
    source: '§4 "by the desk before acceptance"',
  },
  {
    action: 'request-supplement',
    roles: ['DEPT_HEAD'],
    states: ['IN_PROCESSING/ASSIGNMENT', 'IN_PROCESSING/APPRAISAL', 'IN_PROCESSING/REVIEW'],
    source: '§4 "by the department head during processing" — while the department holds the dossier',
  },
  {
    action: 'supplement',
    roles: ['PORTAL', 'RECEPTION'],
    states: ['SUPPLEMENT_REQUESTED before acceptance', ...PAUSED_IN_DEPARTMENT],
    source: '§4 SUPPLEMENT_REQUESTED ─supplement→ where it was; §2 portal sends, desk receives supplements',
  },
  {
    action: 'assign',
    roles: ['DEPT_HEAD'],
    states: ['IN_PROCESSING/ASSIGNMENT', 'IN_PROCESSING/APPRAISAL'],
    source: '§4 ASSIGNMENT (dept head); reassignment during appraisal (design silent: what a real department does)',
  },
  { action: 'propose', roles: ['SPECIALIST'], states: ['IN_PROCESSING/APPRAISAL'], source: '§4 APPRAISAL; §2 assigned dossiers only' },
  { action: 'review', roles: ['DEPT_HEAD'], states: ['IN_PROCESSING/REVIEW'], source: '§4 REVIEW (dept head)' },
  { action: 'approve', roles: ['LEADER'], states: ['IN_PROCESSING/APPROVAL'], source: '§4 APPROVAL (leader)' },
  {
    action: 'issue',
    roles: ['CLERK'],
    states: ['IN_PROCESSING/ISSUANCE'],
    source: '§4 ISSUANCE (clerk) — once: not again while the result travels to the desk',
  },
  { action: 'return', roles: ['RECEPTION'], states: ['RESULT_READY'], source: '§4 RESULT_READY ─return→ RETURNED' },
  {
    action: 'withdraw',
    roles: ['PORTAL', 'RECEPTION'],
    states: ['SUBMITTED', 'AWAITING_PAYMENT', 'SUPPLEMENT_REQUESTED before acceptance', ...PROCESSING, ...PAUSED_IN_DEPARTMENT],
    source: '§4 SUBMITTED, IN_PROCESSING, SUPPLEMENT_REQUESTED ─withdraw→ WITHDRAWN; §16 an accepted dossier waiting for its fees',
  },
  {
    action: 'collect',
    roles: ['RECEPTION'],
    states: ['AWAITING_PAYMENT', 'RESULT_READY, result fees unpaid'],
    source: '§16 the desk collects the fees due at reception, or at result before returning it',
  },
  {
    action: 'waive',
    roles: ['RECEPTION'],
    states: ['AWAITING_PAYMENT', 'RESULT_READY, result fees unpaid'],
    source: '§16 waiver: POST …/payment/waive (RECEPTION)',
  },
  {
    action: 'refund',
    roles: ['LEADER'],
    states: ['REFUSED, paid', 'WITHDRAWN, paid'],
    source: '§16 refunds (LEADER) for a refused or withdrawn dossier that was paid',
  },
  {
    action: 'extend',
    roles: ['DEPT_HEAD'],
    states: [...PROCESSING, ...PAUSED_IN_DEPARTMENT],
    source: '§5 extension: Form 04, a new appointment for an accepted, open dossier',
  },
];

/** DEPT_HEAD and SPECIALIST carry a `department` claim and act on that department's dossiers only (§2). */
const DEPARTMENT_STAFF: Role[] = ['DEPT_HEAD', 'SPECIALIST'];
/** Actions only the assignee may do (§2: "appraise assigned dossiers, propose result"). */
const ASSIGNEE_ONLY: Action[] = ['propose'];

type Outcome = 'ok' | 'forbidden' | 'conflict';

/** The table as `action|role|state` cells, and the `action|role` pairs that are ever allowed. */
export const ALLOWED_CELLS = new Set(PERMISSION_TABLE.flatMap((r) => r.roles.flatMap((role) => r.states.map((s) => `${r.action}|${role}|${s}`))));
const MAY_EVER = new Set(PERMISSION_TABLE.flatMap((r) => r.roles.map((role) => `${r.action}|${role}`)));

/** What the design says of a single-role actor doing `action` on `d`: 403 before 409. */
export function expected(d: Dossier, action: Action, actor: Actor): Outcome {
  const role = actor.roles[0]!;
  if (!MAY_EVER.has(`${action}|${role}`)) return 'forbidden';
  if (DEPARTMENT_STAFF.includes(role) && actor.department !== d.department) return 'forbidden';
  if (ASSIGNEE_ONLY.includes(action) && d.assignee !== actor.sub) return 'forbidden';
  return ALLOWED_CELLS.has(`${action}|${role}|${stateOf(d)}`) ? 'ok' : 'conflict';
}

/** A valid command of each action for `d` (an extension always asks for a later due). */
export function commandFor(action: Action, d: Dossier): Command {
  switch (action) {
    case 'accept':
      return commands.accept();
    case 'request-supplement':
      return commands.requestSupplement();
    case 'supplement':
      return commands.supplement();
    case 'refuse':
      return commands.refuse();
    case 'assign':
      return commands.assign();
    case 'propose':
      return commands.propose();
    case 'review':
      return commands.review();
    case 'approve':
      return commands.approve();
    case 'issue':
      return commands.issue();
    case 'return':
      return commands.return();
    case 'withdraw':
      return commands.withdraw();
    case 'extend':
      return commands.extend(iso((d.dueAt ? parseInstant(d.dueAt) : at('2026-12-01T10:00+07:00')) + 2 * DAY));
    case 'collect':
      return commands.collect();
    case 'waive':
      return commands.waive();
    case 'refund':
      return commands.refund();
  }
}

/** One dossier in every reachable state, each reached through the real domain functions. */
export function scenarios(): [string, Story][] {
  const submitted = Story.submit();
  const suppBefore = submitted.do(commands.requestSupplement(), reception);
  const reception_ = submitted.to('RECEPTION');
  const assignment = submitted.to('ASSIGNMENT');
  const appraisal = submitted.to('APPRAISAL');
  const review = submitted.to('REVIEW');
  const issued = submitted.to('ISSUED');
  const suppAppraisal = appraisal.do(commands.requestSupplement(), head);
  const awaitingFees = Story.submit({ procedure: procedure(feesAt('RECEPTION')) }).do(commands.accept(), reception);
  const paidAtReception = awaitingFees.do(commands.collect(), reception);
  const resultFeesDue = Story.submit({ procedure: procedure(feesAt('RESULT')) }).to('RESULT_READY');
  return [
    ['accepted, awaiting the fees due at reception', awaitingFees],
    ['paid at reception, in transit to the department', paidAtReception],
    ['fees waived at reception', awaitingFees.do(commands.waive(), reception)],
    ['withdrawn while awaiting the fees', awaitingFees.do(commands.withdraw(), portal)],
    ['withdrawn after paying', paidAtReception.do(commands.withdraw(), reception)],
    ['refunded after withdrawal', paidAtReception.do(commands.withdraw(), reception).do(commands.refund(), leader)],
    [
      'refused after paying: a supplement left unanswered',
      paidAtReception.receive(DEPARTMENT).do(commands.requestSupplement(), head).job(expireSupplement, at('2026-05-30T08:00+07:00')),
    ],
    ['refused for fees unpaid in time', awaitingFees.job(expirePayment, at('2026-04-30T08:00+07:00'))],
    ['result ready, the fees due at result unpaid', resultFeesDue],
    ['result ready, the fees due at result paid', resultFeesDue.do(commands.collect(), reception)],
    ['submitted online', submitted],
    ['submitted in person', Story.submit({ channel: 'IN_PERSON' })],
    ['awaiting a supplement before acceptance', suppBefore],
    ['submitted again after a supplement', suppBefore.do(commands.supplement(), portal)],
    ['refused', submitted.do(commands.refuse(), reception)],
    ['withdrawn before acceptance', submitted.do(commands.withdraw(), portal)],
    ['accepted, in transit to the department', reception_],
    ['at assignment', assignment],
    ['awaiting a supplement at assignment', assignment.do(commands.requestSupplement(), head)],
    ['at appraisal', appraisal],
    ['reassigned to a colleague during appraisal', appraisal.do(commands.assign(colleague.sub), head)],
    ['awaiting a supplement at appraisal', suppAppraisal],
    ['back at appraisal after a supplement', suppAppraisal.do(commands.supplement(), reception)],
    ['at review', review],
    ['awaiting a supplement at review', review.do(commands.requestSupplement(), head)],
    ['back at appraisal after the review disagreed', review.do(commands.review(false, 'Bổ sung thẩm định'), head)],
    ['at approval', submitted.to('APPROVAL')],
    ['at issuance', submitted.to('ISSUANCE')],
    ['at issuance with an extended due', submitted.to('ISSUANCE').do(commands.extend('2026-03-20T17:00+07:00'), head)],
    ['issued, in transit to the desk', issued],
    ['result ready', submitted.to('RESULT_READY')],
    ['result ready, rejected by the leader', submitted.to('APPROVAL').do(commands.approve('REJECTED'), leader).to('RESULT_READY')],
    ['returned', submitted.to('RETURNED')],
    ['withdrawn in transit to the department', reception_.do(commands.withdraw(), portal)],
    ['withdrawn at appraisal', appraisal.do(commands.withdraw(), reception)],
    ['withdrawn while awaiting a supplement', suppAppraisal.do(commands.withdraw(), portal)],
    ['withdrawn with the result in transit', issued.do(commands.withdraw(), reception)],
  ];
}

/** The common effects of a successful transition: version + 1 and one history entry. */
export function expectRecorded(before: Dossier, after: Dossier, entry: { action: string; actor: string; at: Instant; note?: string }) {
  expect(after.version).toBe(before.version + 1);
  expect(after.history).toHaveLength(before.history.length + 1);
  expect(after.history.slice(0, -1)).toEqual(before.history);
  expect(after.history.at(-1)).toEqual({
    at: iso(entry.at),
    action: entry.action,
    actor: entry.actor,
    status: after.status,
    ...(after.step ? { step: after.step } : {}),
    ...(entry.note ? { note: entry.note } : {}),
    hash: expect.stringMatching(/^[0-9a-f]{64}$/),
  });
  expect(verifyHistory(after).valid).toBe(true);
}
