import { describe, expect, it } from 'vitest';
import { verifyHistory } from '../../shared/domain/history-chain.js';
import { check, decide, handoffMade, pendingHandoff, receiveHandoff, submitDossier } from '../../shared/domain/lifecycle.js';
import { type Actor } from '../../shared/domain/model.js';
import { nationalStatus } from '../../shared/domain/national-status.js';
import { ASSIGNEE, at, commands, ctxAt, deepFreeze, DEPARTMENT, MINUTE, officials, procedure, Story } from './fixtures.js';
import { expectRecorded, HOUR } from './lifecycle-table.js';

const { portal, reception, head, specialist, colleague, leader, clerk } = officials;

describe('submitting', () => {
  it('creates a SUBMITTED dossier at version 1 with its first history entry and no deadlines', () => {
    // Act
    const d = Story.submit({ at: at('2026-03-02T07:30+07:00') }).dossier;

    // Assess
    expect(d).toMatchObject({ status: 'SUBMITTED', version: 1, channel: 'ONLINE', submittedBy: portal.sub, department: DEPARTMENT, steps: [], handoffs: [] });
    expect(d.history).toEqual([{ at: '2026-03-02T07:30:00+07:00', action: 'submit', actor: portal.sub, status: 'SUBMITTED', hash: expect.any(String) }]);
    expect(verifyHistory(d).valid).toBe(true);
    expect(d.step).toBeUndefined();
    expect(d.dueAt).toBeUndefined();
    expect(d.code).toBeUndefined();
    expect(nationalStatus(d.status, d.step)).toBe(1);
  });

  it('takes online dossiers from a portal only, and in-person or postal ones from the desk only', () => {
    const input = { procedureCode: '1.001193', applicant: { name: 'A', idNumber: '1', address: 'x' }, documents: [] };
    const ctx = { now: at('2026-03-02T08:00+07:00'), id: 'x', commune: 'H30.01', receivingUnit: 'H30.01', procedure: procedure(), lookupSecretHash: 'h' };
    const kind = (channel: 'ONLINE' | 'IN_PERSON' | 'POSTAL', actor: Actor) => {
      const decision = submitDossier({ ...input, channel }, actor, ctx);
      return decision.ok ? 'ok' : decision.refusal.kind;
    };
    expect([
      kind('ONLINE', portal),
      kind('ONLINE', reception),
      kind('IN_PERSON', reception),
      kind('POSTAL', reception),
      kind('IN_PERSON', portal),
      kind('POSTAL', head),
    ]).toEqual(['ok', 'forbidden', 'ok', 'ok', 'forbidden', 'forbidden']);
  });
});

describe('accepting', () => {
  it('gives the code, acceptedAt and a due date in working time across Tết: 3 days from Fri 13 Feb 2026 10:00 is Wed 25 Feb 10:00', () => {
    // Prepare
    const submitted = Story.submit({ at: at('2026-02-13T09:00+07:00') });
    const now = at('2026-02-13T10:00+07:00');

    // Act
    const decision = decide(submitted.dossier, commands.accept('H30.01-260213-0001'), reception, ctxAt(now));

    // Assess
    if (!decision.ok) throw new Error(decision.refusal.detail);
    const d = decision.dossier;
    expect(d).toMatchObject({
      status: 'IN_PROCESSING',
      step: 'RECEPTION',
      code: 'H30.01-260213-0001',
      acceptedAt: '2026-02-13T10:00:00+07:00',
      dueAt: '2026-02-25T10:00:00+07:00',
    });
    expect(d.steps).toEqual([
      // RECEPTION's 2 h budget: 10:00–11:30 then 13:30–14:00.
      { step: 'RECEPTION', department: 'DESK', actor: reception.sub, startedAt: '2026-02-13T10:00:00+07:00', dueAt: '2026-02-13T14:00:00+07:00' },
    ]);
    expect(d.handoffs).toEqual([{ from: 'DESK', to: DEPARTMENT, handedOverBy: reception.sub, handedOverAt: '2026-02-13T10:00:00+07:00' }]);
    expect(handoffMade(submitted.dossier, d)).toEqual({ dossierId: d.id, commune: d.commune, to: DEPARTMENT });
    expect(pendingHandoff(d)).toBe(d.handoffs[0]);
    expectRecorded(submitted.dossier, d, { action: 'accept', actor: reception.sub, at: now });
    expect(nationalStatus(d.status, d.step)).toBe(2);
  });

  it('starts the clock at the next opening when accepted after hours, and SAME_DAY is due at 17:00 for every step', () => {
    // Prepare
    const evening = Story.submit({ at: at('2026-03-02T17:30+07:00') });
    const sameDay = Story.submit({ at: at('2026-03-02T08:00+07:00'), procedure: procedure({ processing: { kind: 'SAME_DAY' } }) });

    // Act
    const late = evening.do(commands.accept(), reception, at('2026-03-02T18:00+07:00')).dossier;
    const quick = sameDay.do(commands.accept(), reception, at('2026-03-02T09:00+07:00')).receive(DEPARTMENT).dossier;

    // Assess
    expect(late.dueAt).toBe('2026-03-05T17:00:00+07:00'); // Tue 07:00 + 24 h of work, due at Thursday's close
    expect(late.steps[0]!.dueAt).toBe('2026-03-03T09:00:00+07:00');
    expect(quick.dueAt).toBe('2026-03-02T17:00:00+07:00');
    expect(quick.steps.map((s) => s.dueAt)).toEqual(['2026-03-02T17:00:00+07:00', '2026-03-02T17:00:00+07:00']);
  });
});

describe('hand-over to the department (receiveHandoff)', () => {
  const accepted = Story.submit().do(commands.accept(), reception, at('2026-03-02T08:00+07:00'));

  it('records the dossier at ASSIGNMENT, closes RECEPTION with its timeliness and starts ASSIGNMENT with its budget', () => {
    // Prepare
    const now = at('2026-03-02T09:00+07:00');

    // Act
    const d = receiveHandoff(deepFreeze(accepted.dossier), DEPARTMENT, ctxAt(now))!;

    // Assess
    expect(d).toMatchObject({ status: 'IN_PROCESSING', step: 'ASSIGNMENT' });
    expect(d.steps).toEqual([
      { ...accepted.dossier.steps[0], completedAt: '2026-03-02T09:00:00+07:00', timeliness: 'ON_TIME' },
      { step: 'ASSIGNMENT', department: DEPARTMENT, startedAt: '2026-03-02T09:00:00+07:00', dueAt: '2026-03-02T11:00:00+07:00' },
    ]);
    expect(d.handoffs).toEqual([
      { ...accepted.dossier.handoffs[0], receivedBy: `department:${DEPARTMENT}`, receivedAt: '2026-03-02T09:00:00+07:00', timeliness: 'ON_TIME' },
    ]);
    expect(pendingHandoff(d)).toBeUndefined();
    expectRecorded(accepted.dossier, d, { action: 'receive', actor: `department:${DEPARTMENT}`, at: now });
    expect(nationalStatus(d.status, d.step)).toBe(4);
  });

  it('is idempotent: a redelivered message changes nothing', () => {
    const once = receiveHandoff(accepted.dossier, DEPARTMENT, ctxAt(at('2026-03-02T09:00+07:00')))!;
    expect(receiveHandoff(once, DEPARTMENT, ctxAt(at('2026-03-02T09:05+07:00')))).toBeUndefined();
  });

  it('ignores a message for another destination', () => {
    const ctx = ctxAt(at('2026-03-02T09:00+07:00'));
    expect(receiveHandoff(accepted.dossier, 'DESK', ctx)).toBeUndefined();
    expect(receiveHandoff(accepted.dossier, 'CULTURE_SOCIETY', ctx)).toBeUndefined();
  });

  it('ignores a dossier withdrawn while the hand-over was in transit', () => {
    const withdrawn = accepted.do(commands.withdraw(), portal).dossier;
    expect(receiveHandoff(withdrawn, DEPARTMENT, ctxAt(at('2026-03-02T10:00+07:00')))).toBeUndefined();
  });

  it('marks a late hand-over LATE on the step and on the hand-over', () => {
    const d = receiveHandoff(accepted.dossier, DEPARTMENT, ctxAt(at('2026-03-02T13:31+07:00')))!; // due 10:00
    expect(d.steps[0]!.timeliness).toBe('LATE');
    expect(d.handoffs[0]!.timeliness).toBe('LATE');
  });

  // A withdrawal while a hand-over travels leaves nothing pending: only a dossier in processing has
  // a pending hand-over, so the receiver finds nothing to record.
  it('leaves no hand-over pending once the dossier is withdrawn (nothing for the receiver to record)', () => {
    const toDepartment = accepted.do(commands.withdraw(), portal).dossier;
    const toDesk = Story.submit().to('ISSUED').do(commands.withdraw(), reception).dossier;
    expect(pendingHandoff(toDepartment)).toBeUndefined();
    expect(pendingHandoff(toDesk)).toBeUndefined();
  });
});

describe('the steps of processing, one transition at a time', () => {
  // Mon 2 Mar 2026: accepted 08:00 → due Thu 5 Mar 08:00 (24 working hours).
  const received = Story.submit({ at: at('2026-03-02T07:30+07:00') })
    .do(commands.accept(), reception, at('2026-03-02T08:00+07:00'))
    .receive(DEPARTMENT, at('2026-03-02T09:00+07:00'));

  it('assign: closes ASSIGNMENT (late after 11:00) and opens APPRAISAL for the assignee with a 12 h budget', () => {
    // Prepare
    const now = at('2026-03-02T13:45+07:00');

    // Act
    const decision = decide(deepFreeze(received.dossier), commands.assign(), head, ctxAt(now));

    // Assess
    if (!decision.ok) throw new Error(decision.refusal.detail);
    const d = decision.dossier;
    expect(d).toMatchObject({ status: 'IN_PROCESSING', step: 'APPRAISAL', assignee: ASSIGNEE });
    expect(d.steps.slice(0, 1)).toEqual(received.dossier.steps.slice(0, 1));
    expect(d.steps.slice(1)).toEqual([
      { ...received.dossier.steps[1], actor: head.sub, completedAt: '2026-03-02T13:45:00+07:00', timeliness: 'LATE' },
      // 13:45–17:00 (3¼ h) + Tue (8 h) + Wed 07:00–07:45.
      { step: 'APPRAISAL', department: DEPARTMENT, actor: ASSIGNEE, startedAt: '2026-03-02T13:45:00+07:00', dueAt: '2026-03-04T07:45:00+07:00' },
    ]);
    expect(handoffMade(received.dossier, d)).toBeUndefined();
    expectRecorded(received.dossier, d, { action: 'assign', actor: head.sub, at: now });
  });

  it('assign during appraisal reassigns: same step and step record, new assignee, recorded as reassign', () => {
    // Prepare
    const appraisal = received.do(commands.assign(), head, at('2026-03-02T10:00+07:00'));
    const now = at('2026-03-02T14:00+07:00');

    // Act
    const d = appraisal.do(commands.assign(colleague.sub), head, now).dossier;

    // Assess
    expect(d).toMatchObject({ step: 'APPRAISAL', assignee: colleague.sub });
    expect(d.steps).toHaveLength(appraisal.dossier.steps.length);
    expect(d.steps.at(-1)).toEqual({ ...appraisal.dossier.steps.at(-1), actor: colleague.sub });
    expectRecorded(appraisal.dossier, d, { action: 'reassign', actor: head.sub, at: now });
    // The former assignee may no longer propose; the new one may.
    expect(check(d, 'propose', specialist)?.kind).toBe('forbidden');
    expect(check(d, 'propose', colleague)).toBeUndefined();
  });

  const appraisal = received.do(commands.assign(), head, at('2026-03-02T13:45+07:00'));

  it('propose: records the proposal, closes APPRAISAL early (the day before its due) and opens REVIEW', () => {
    // Prepare
    const now = at('2026-03-03T10:00+07:00');

    // Act
    const d = appraisal.do(commands.propose('REJECT', 'Ngành nghề cấm kinh doanh'), specialist, now).dossier;

    // Assess
    expect(d).toMatchObject({ step: 'REVIEW', proposal: { outcome: 'REJECT', summary: 'Ngành nghề cấm kinh doanh', by: ASSIGNEE } });
    expect(d.steps.at(-2)).toMatchObject({ step: 'APPRAISAL', actor: ASSIGNEE, completedAt: '2026-03-03T10:00:00+07:00', timeliness: 'EARLY' });
    expect(d.steps.at(-1)).toEqual({ step: 'REVIEW', department: DEPARTMENT, startedAt: '2026-03-03T10:00:00+07:00', dueAt: '2026-03-03T16:00:00+07:00' });
    expectRecorded(appraisal.dossier, d, { action: 'propose', actor: ASSIGNEE, at: now, note: 'REJECT: Ngành nghề cấm kinh doanh' });
  });

  const reviewing = appraisal.do(commands.propose(), specialist, at('2026-03-03T10:00+07:00'));

  it('review agreed: closes REVIEW on time and opens APPROVAL in the office, due at the 17:00 close', () => {
    // Prepare
    const now = at('2026-03-03T15:00+07:00');

    // Act
    const d = reviewing.do(commands.review(true, 'Trình ký'), head, now).dossier;

    // Assess
    expect(d).toMatchObject({ step: 'APPROVAL', review: { agree: true, note: 'Trình ký', by: head.sub } });
    expect(d.steps.at(-2)).toMatchObject({ step: 'REVIEW', actor: head.sub, completedAt: '2026-03-03T15:00:00+07:00', timeliness: 'ON_TIME' });
    expect(d.steps.at(-1)).toEqual({ step: 'APPROVAL', department: 'OFFICE', startedAt: '2026-03-03T15:00:00+07:00', dueAt: '2026-03-03T17:00:00+07:00' });
    expectRecorded(reviewing.dossier, d, { action: 'review', actor: head.sub, at: now, note: 'Trình ký' });
  });

  it('review disagreed: sends the dossier back to APPRAISAL with a new step record for the same assignee', () => {
    // Prepare
    const now = at('2026-03-03T15:00+07:00');

    // Act
    const d = reviewing.do(commands.review(false, 'Xác minh lại địa điểm'), head, now).dossier;

    // Assess
    expect(d).toMatchObject({ step: 'APPRAISAL', assignee: ASSIGNEE, review: { agree: false, note: 'Xác minh lại địa điểm', by: head.sub } });
    expect(d.steps.map((s) => s.step)).toEqual(['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPRAISAL']);
    expect(d.steps.at(-2)).toMatchObject({ step: 'REVIEW', completedAt: '2026-03-03T15:00:00+07:00', timeliness: 'ON_TIME' });
    // A fresh 12 h budget: 15:00–17:00, Wed 8 h, Thu 07:00–09:00.
    expect(d.steps.at(-1)).toEqual({
      step: 'APPRAISAL',
      department: DEPARTMENT,
      actor: ASSIGNEE,
      startedAt: '2026-03-03T15:00:00+07:00',
      dueAt: '2026-03-05T09:00:00+07:00',
    });
    expectRecorded(reviewing.dossier, d, { action: 'review', actor: head.sub, at: now, note: 'Xác minh lại địa điểm' });
    // The assignee proposes again, and the dossier is back at REVIEW.
    const again = decide(d, commands.propose(), specialist, ctxAt(now + HOUR));
    expect(again.ok && again.dossier.step).toBe('REVIEW');
  });

  const approving = reviewing.do(commands.review(true), head, at('2026-03-03T15:00+07:00'));

  it.each(['APPROVED', 'REJECTED'] as const)('approve %s: the decision is the result, and ISSUANCE opens (a rejection is a result too)', (decision) => {
    // Prepare
    const now = at('2026-03-04T08:00+07:00');

    // Act
    const d = approving.do(commands.approve(decision, 'Ý kiến lãnh đạo'), leader, now).dossier;

    // Assess
    expect(d).toMatchObject({ status: 'IN_PROCESSING', step: 'ISSUANCE', result: { decision, note: 'Ý kiến lãnh đạo' } });
    expect(d.steps.at(-2)).toMatchObject({ step: 'APPROVAL', actor: leader.sub, completedAt: '2026-03-04T08:00:00+07:00', timeliness: 'LATE' });
    expect(d.steps.at(-1)).toEqual({ step: 'ISSUANCE', department: 'OFFICE', startedAt: '2026-03-04T08:00:00+07:00', dueAt: '2026-03-04T10:00:00+07:00' });
    expectRecorded(approving.dossier, d, { action: 'approve', actor: leader.sub, at: now, note: `${decision}: Ý kiến lãnh đạo` });
  });

  const issuing = approving.do(commands.approve(), leader, at('2026-03-04T08:00+07:00'));

  it('issue: hands the result to the desk; the step stays ISSUANCE (open) until the desk records it', () => {
    // Prepare
    const now = at('2026-03-04T09:00+07:00');

    // Act
    const decision = decide(deepFreeze(issuing.dossier), commands.issue(), clerk, ctxAt(now));

    // Assess
    if (!decision.ok) throw new Error(decision.refusal.detail);
    const d = decision.dossier;
    expect(handoffMade(issuing.dossier, d)).toEqual({ dossierId: d.id, commune: d.commune, to: 'DESK' });
    expect(d).toMatchObject({ status: 'IN_PROCESSING', step: 'ISSUANCE' });
    expect(d.steps.at(-1)).toEqual({ ...issuing.dossier.steps.at(-1), actor: clerk.sub });
    expect(d.handoffs.at(-1)).toEqual({ from: 'OFFICE', to: 'DESK', handedOverBy: clerk.sub, handedOverAt: '2026-03-04T09:00:00+07:00' });
    expect(pendingHandoff(d)).toBe(d.handoffs.at(-1));
    expectRecorded(issuing.dossier, d, { action: 'issue', actor: clerk.sub, at: now });
    expect(nationalStatus(d.status, d.step)).toBe(4);
  });

  const issued = issuing.do(commands.issue(), clerk, at('2026-03-04T09:00+07:00'));

  it('issue cannot be repeated while the result is in transit, nor once it is at the desk', () => {
    const twice = decide(issued.dossier, commands.issue(), clerk, ctxAt(at('2026-03-04T09:10+07:00')));
    const afterDesk = decide(issued.receive('DESK').dossier, commands.issue(), clerk, ctxAt(at('2026-03-04T11:00+07:00')));
    expect(twice.ok ? 'ok' : twice.refusal.kind).toBe('conflict');
    expect(afterDesk.ok ? 'ok' : afterDesk.refusal.kind).toBe('conflict');
  });

  it('the desk records the result: RESULT_READY, no step, ISSUANCE closed, completedAt and timeliness (EARLY)', () => {
    // Prepare
    const now = at('2026-03-04T09:30+07:00');

    // Act
    const d = receiveHandoff(deepFreeze(issued.dossier), 'DESK', ctxAt(now))!;

    // Assess
    expect(d.status).toBe('RESULT_READY');
    expect(d.step).toBeUndefined();
    expect('step' in d).toBe(false);
    expect(d).toMatchObject({ completedAt: '2026-03-04T09:30:00+07:00', timeliness: 'EARLY', result: { decision: 'APPROVED' } });
    expect(d.steps.at(-1)).toMatchObject({ step: 'ISSUANCE', actor: clerk.sub, completedAt: '2026-03-04T09:30:00+07:00', timeliness: 'ON_TIME' });
    expect(d.steps.every((s) => s.completedAt && s.timeliness)).toBe(true);
    expect(d.handoffs.at(-1)).toMatchObject({ receivedBy: 'desk:results-intake', receivedAt: '2026-03-04T09:30:00+07:00', timeliness: 'ON_TIME' });
    expectRecorded(issued.dossier, d, { action: 'receive-result', actor: 'desk:results-intake', at: now });
    expect(nationalStatus(d.status, d.step)).toBe(9);
    expect(receiveHandoff(d, 'DESK', ctxAt(now + MINUTE))).toBeUndefined();
    expect(receiveHandoff(issued.dossier, DEPARTMENT, ctxAt(now))).toBeUndefined();
  });

  it.each([
    ['EARLY', '2026-03-04T16:59+07:00'],
    ['ON_TIME', '2026-03-05T07:30+07:00'],
    ['ON_TIME', '2026-03-05T08:00+07:00'],
    ['LATE', '2026-03-05T08:01+07:00'],
  ] as const)('a result recorded at the desk is %s against the due Thu 5 Mar 08:00 when it arrives %s', (timeliness, when) => {
    const d = issued.receive('DESK', at(when)).dossier;
    expect(d.timeliness).toBe(timeliness);
  });

  it('a result rejected by the leader still reaches RESULT_READY with result.decision REJECTED, then is returned', () => {
    // Act
    const ready = approving
      .do(commands.approve('REJECTED', 'Không đủ điều kiện'), leader, at('2026-03-04T08:00+07:00'))
      .do(commands.issue(), clerk)
      .receive('DESK');
    const returned = ready.do(commands.return(), reception, at('2026-03-05T10:00+07:00'));

    // Assess
    expect(ready.dossier).toMatchObject({ status: 'RESULT_READY', result: { decision: 'REJECTED', note: 'Không đủ điều kiện' } });
    expect(returned.dossier).toMatchObject({
      status: 'RETURNED',
      returnedAt: '2026-03-05T10:00:00+07:00',
      completedAt: ready.dossier.completedAt,
      timeliness: ready.dossier.timeliness,
    });
    expectRecorded(ready.dossier, returned.dossier, { action: 'return', actor: reception.sub, at: returned.now });
    expect(nationalStatus(returned.dossier.status, returned.dossier.step)).toBe(10);
  });

  it('an extended dossier is measured against its original due: LATE after it, even within the new appointment', () => {
    // Prepare: extend at approval from Thu 5 Mar 08:00 to Fri 6 Mar 17:00.
    const extended = approving.do(commands.extend('2026-03-06T17:00+07:00'), head, at('2026-03-03T16:00+07:00'));
    const ready = (when: string) =>
      extended.do(commands.approve(), leader, at('2026-03-04T08:00+07:00')).do(commands.issue(), clerk).receive('DESK', at(when)).dossier;

    // Act
    const early = ready('2026-03-04T10:00+07:00');
    const onOriginalDay = ready('2026-03-05T07:45+07:00');
    const afterOriginal = ready('2026-03-06T10:00+07:00');

    // Assess
    expect(extended.dossier.extension).toMatchObject({ originalDueAt: '2026-03-05T08:00:00+07:00', newDueAt: '2026-03-06T17:00:00+07:00' });
    expect([early.timeliness, onOriginalDay.timeliness, afterOriginal.timeliness]).toEqual(['EARLY', 'ON_TIME', 'LATE']);
  });

  it('refuse: REFUSED with the reason, before acceptance only', () => {
    const submitted = Story.submit();
    const refused = submitted.do(commands.refuse('Hồ sơ không thuộc thẩm quyền'), reception);
    expect(refused.dossier).toMatchObject({ status: 'REFUSED', refusal: { reason: 'Hồ sơ không thuộc thẩm quyền' } });
    expect(refused.dossier.dueAt).toBeUndefined();
    expectRecorded(submitted.dossier, refused.dossier, { action: 'refuse', actor: reception.sub, at: refused.now, note: 'Hồ sơ không thuộc thẩm quyền' });
    expect(nationalStatus(refused.dossier.status)).toBe(3);
  });

  it('withdraw: WITHDRAWN with the reason, from processing too; national status 8', () => {
    const withdrawn = appraisal.do(commands.withdraw('Không còn nhu cầu'), portal);
    expect(withdrawn.dossier).toMatchObject({ status: 'WITHDRAWN', withdrawal: { reason: 'Không còn nhu cầu' } });
    expectRecorded(appraisal.dossier, withdrawn.dossier, { action: 'withdraw', actor: portal.sub, at: withdrawn.now, note: 'Không còn nhu cầu' });
    expect(nationalStatus(withdrawn.dossier.status, withdrawn.dossier.step)).toBe(8);
  });
});
