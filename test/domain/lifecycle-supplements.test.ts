import { describe, expect, it } from 'vitest';
import { check, decide } from '../../shared/domain/lifecycle.js';
import { nationalStatus } from '../../shared/domain/national-status.js';
import { parseInstant } from '../../shared/domain/time.js';
import { at, calendar, commands, ctxAt, DEPARTMENT, officials, procedure, Story } from './fixtures.js';
import { expectRecorded, HOUR, iso, stateOf } from './lifecycle-table.js';

const { portal, reception, head } = officials;

// ---------------------------------------------------------------------------------------------
// Supplements
// ---------------------------------------------------------------------------------------------

describe('supplement requested at the desk, before acceptance', () => {
  it('goes SUBMITTED → SUPPLEMENT_REQUESTED → SUBMITTED with the documents added and no deadlines', () => {
    // Prepare
    const submitted = Story.submit({ at: at('2026-03-02T07:30+07:00') });

    // Act
    const requested = submitted.do(commands.requestSupplement('Thiếu bản sao CCCD'), reception, at('2026-03-02T08:00+07:00'));
    const supplemented = requested.do(commands.supplement(), portal, at('2026-03-05T20:00+07:00'));

    // Assess
    expect(requested.dossier).toMatchObject({
      status: 'SUPPLEMENT_REQUESTED',
      resumeStatus: 'SUBMITTED',
      supplementRequest: { reason: 'Thiếu bản sao CCCD', documents: ['Bản sao CCCD'], requestedBy: reception.sub, requestedAt: '2026-03-02T08:00:00+07:00' },
    });
    expect(requested.dossier.pausedAt).toBeUndefined();
    expect(nationalStatus(requested.dossier.status, requested.dossier.step)).toBe(5);
    expectRecorded(submitted.dossier, requested.dossier, { action: 'request-supplement', actor: reception.sub, at: requested.now, note: 'Thiếu bản sao CCCD' });

    const d = supplemented.dossier;
    expect(d.status).toBe('SUBMITTED');
    expect(d.documents).toEqual([...submitted.dossier.documents, { name: 'Bản sao CCCD', kind: 'CERTIFIED_COPY', count: 1 }]);
    for (const gone of ['resumeStatus', 'pausedAt', 'dueAt', 'acceptedAt', 'step'] as const) expect(d).not.toHaveProperty(gone);
    // The request (Form 02) stays on record, answered.
    expect(d.supplementRequest).toEqual({ ...requested.dossier.supplementRequest, suppliedAt: '2026-03-05T20:00:00+07:00' });
    expect(d.steps).toEqual([]);
    expectRecorded(requested.dossier, d, { action: 'supplement', actor: portal.sub, at: supplemented.now });
    // Then it can be accepted, and the clock starts only then.
    expect(supplemented.do(commands.accept(), reception, at('2026-03-06T08:00+07:00')).dossier.dueAt).toBe('2026-03-11T08:00:00+07:00');
  });
});

describe('supplement requested by the department head during processing', () => {
  // Accepted Mon 2 Mar 08:00 (due Thu 5 Mar 08:00), assigned 10:00 (appraisal due Tue 3 Mar 16:00).
  const appraisalUnder = (rule: 'PAUSE' | 'RESET') =>
    Story.submit({ at: at('2026-03-02T07:30+07:00'), procedure: procedure({ supplementRule: rule }) })
      .do(commands.accept(), reception, at('2026-03-02T08:00+07:00'))
      .receive(DEPARTMENT, at('2026-03-02T09:00+07:00'))
      .do(commands.assign(), head, at('2026-03-02T10:00+07:00'));

  it('pauses the dossier at its step: SUPPLEMENT_REQUESTED, pausedAt, resumeStatus IN_PROCESSING', () => {
    // Prepare
    const appraisal = appraisalUnder('PAUSE');
    const now = at('2026-03-02T14:00+07:00');

    // Act
    const d = appraisal.do(commands.requestSupplement('Thiếu hợp đồng thuê nhà'), head, now).dossier;

    // Assess
    expect(appraisal.dossier.steps.at(-1)!.dueAt).toBe('2026-03-03T16:00:00+07:00');
    expect(d).toMatchObject({
      status: 'SUPPLEMENT_REQUESTED',
      step: 'APPRAISAL',
      resumeStatus: 'IN_PROCESSING',
      pausedAt: '2026-03-02T14:00:00+07:00',
      dueAt: appraisal.dossier.dueAt,
    });
    expect(d.steps).toEqual(appraisal.dossier.steps);
    expect(nationalStatus(d.status, d.step)).toBe(5);
    expectRecorded(appraisal.dossier, d, { action: 'request-supplement', actor: head.sub, at: now, note: 'Thiếu hợp đồng thuê nhà' });
  });

  it('PAUSE: a two-working-day pause moves the due and the open step by exactly 16 working hours', () => {
    // Prepare
    const paused = appraisalUnder('PAUSE').do(commands.requestSupplement(), head, at('2026-03-02T14:00+07:00'));
    const now = at('2026-03-04T14:00+07:00');

    // Act
    const d = paused.do(commands.supplement(), portal, now).dossier;

    // Assess
    const before = paused.dossier;
    expect(calendar.workingMinutesBetween(at('2026-03-02T14:00+07:00'), now)).toBe(16 * 60);
    expect(d).toMatchObject({ status: 'IN_PROCESSING', step: 'APPRAISAL', dueAt: '2026-03-09T08:00:00+07:00' });
    expect(calendar.workingMinutesBetween(parseInstant(before.dueAt!), parseInstant(d.dueAt!))).toBe(16 * 60);
    expect(d.steps.at(-1)!.dueAt).toBe('2026-03-05T16:00:00+07:00');
    expect(calendar.workingMinutesBetween(parseInstant(before.steps.at(-1)!.dueAt), parseInstant(d.steps.at(-1)!.dueAt))).toBe(16 * 60);
    expect(d.steps.slice(0, -1)).toEqual(before.steps.slice(0, -1)); // completed steps keep their deadlines
    for (const gone of ['pausedAt', 'resumeStatus'] as const) expect(d).not.toHaveProperty(gone);
    expect(d.supplementRequest).toMatchObject({ requestedBy: head.sub, requestedAt: before.pausedAt, suppliedAt: '2026-03-04T14:00:00+07:00' });
    expect(d.documents).toHaveLength(before.documents.length + 1);
    expectRecorded(before, d, { action: 'supplement', actor: portal.sub, at: now });
  });

  it('PAUSE: only working time counts — a pause across Tết 2026 (Fri 13 Feb 10:00 → Mon 23 Feb 10:00) is 8 working hours', () => {
    // Prepare
    const paused = Story.submit({ at: at('2026-02-12T08:00+07:00') })
      .do(commands.accept(), reception, at('2026-02-12T09:00+07:00'))
      .receive(DEPARTMENT, at('2026-02-12T10:00+07:00'))
      .do(commands.requestSupplement(), head, at('2026-02-13T10:00+07:00'));

    // Act
    const d = paused.do(commands.supplement(), reception, at('2026-02-23T10:00+07:00')).dossier;

    // Assess
    expect(paused.dossier.dueAt).toBe('2026-02-24T09:00:00+07:00');
    expect(calendar.workingMinutesBetween(parseInstant(paused.dossier.dueAt!), parseInstant(d.dueAt!))).toBe(8 * 60);
    expect(d.dueAt).toBe('2026-02-25T09:00:00+07:00');
  });

  it('PAUSE: an extended dossier keeps the original due on record, moved by the pause as well', () => {
    // Prepare
    const paused = appraisalUnder('PAUSE')
      .do(commands.extend('2026-03-06T17:00+07:00'), head, at('2026-03-02T11:00+07:00'))
      .do(commands.requestSupplement(), head, at('2026-03-02T14:00+07:00'));

    // Act
    const d = paused.do(commands.supplement(), portal, at('2026-03-04T14:00+07:00')).dossier;

    // Assess: both the appointment and the original due move by 16 working hours.
    expect(d.dueAt).toBe('2026-03-10T17:00:00+07:00');
    expect(d.extension?.originalDueAt).toBe('2026-03-09T08:00:00+07:00');
  });

  // Under PAUSE a supplement moves every open date of an extension with dueAt: the new appointment
  // recorded on Form 04 stays the dossier's due, never earlier than the original one.
  it("PAUSE: moves the extension's appointment (extension.newDueAt) together with dueAt", () => {
    const paused = appraisalUnder('PAUSE')
      .do(commands.extend('2026-03-06T17:00+07:00'), head, at('2026-03-02T11:00+07:00'))
      .do(commands.requestSupplement(), head, at('2026-03-02T14:00+07:00'));
    const d = paused.do(commands.supplement(), portal, at('2026-03-04T14:00+07:00')).dossier;
    expect(d.extension?.newDueAt).toBe(d.dueAt);
  });

  it('RESET: the due restarts from the supplement with the full processing time, and so does the open step', () => {
    // Prepare
    const paused = appraisalUnder('RESET').do(commands.requestSupplement(), head, at('2026-03-02T14:00+07:00'));
    const now = at('2026-03-04T14:00+07:00');

    // Act
    const d = paused.do(commands.supplement(), portal, now).dossier;

    // Assess: Wed 14:00 + 24 working hours = Mon 9 Mar 14:00; appraisal's 12 h = Fri 6 Mar 08:00.
    expect(d.dueAt).toBe('2026-03-09T14:00:00+07:00');
    expect(d.dueAt).toBe(iso(calendar.addWorkingMinutes(now, 24 * 60)));
    expect(d.steps.at(-1)).toMatchObject({ step: 'APPRAISAL', startedAt: paused.dossier.steps.at(-1)!.startedAt, dueAt: '2026-03-06T08:00:00+07:00' });
    expect(d.steps.slice(0, -1)).toEqual(paused.dossier.steps.slice(0, -1));
  });

  // Under RESET the full time counts again from the complete supplement and an earlier extension no
  // longer applies: the result is judged against the restarted due, not the extension's original one.
  it('RESET after an extension: a result well within the restarted time is not LATE', () => {
    // Due Thu 5 Mar 08:00, extended to Fri 6 Mar, paused Mon 2 Mar, supplemented Mon 16 Mar 10:00.
    const resumed = appraisalUnder('RESET')
      .do(commands.extend('2026-03-06T17:00+07:00'), head, at('2026-03-02T11:00+07:00'))
      .do(commands.requestSupplement(), head, at('2026-03-02T14:00+07:00'))
      .do(commands.supplement(), portal, at('2026-03-16T10:00+07:00'));
    expect(resumed.dossier.dueAt).toBe('2026-03-19T10:00:00+07:00');
    const ready = resumed.to('RESULT_READY').dossier; // the result reaches the desk on Mon 16 Mar
    expect(ready.completedAt! < resumed.dossier.dueAt!).toBe(true);
    expect(ready.timeliness).not.toBe('LATE');
  });

  it('resumes where it was: at REVIEW the head can review, at ASSIGNMENT assign', () => {
    const review = Story.submit().to('REVIEW').do(commands.requestSupplement(), head).do(commands.supplement(), portal);
    const assignment = Story.submit().to('ASSIGNMENT').do(commands.requestSupplement(), head).do(commands.supplement(), reception);
    expect(stateOf(review.dossier)).toBe('IN_PROCESSING/REVIEW');
    expect(stateOf(assignment.dossier)).toBe('IN_PROCESSING/ASSIGNMENT');
    expect(check(review.dossier, 'review', head)).toBeUndefined();
    expect(check(assignment.dossier, 'assign', head)).toBeUndefined();
  });

  // A pause moves deadlines by the working time paused. A pause of none (requested after hours and
  // supplemented before the next opening) moves nothing: a due at a session close stays at that
  // close (Wed 17:00), so the next morning's SLA report still lists the dossier as OVERDUE.
  it('keeps a due at a session close unchanged after a pause of zero working minutes', () => {
    // Accepted Mon 2 Mar 07:00 → due Wed 4 Mar 17:00 (exactly three days, ending at a close).
    const paused = Story.submit({ at: at('2026-03-02T06:30+07:00') })
      .do(commands.accept(), reception, at('2026-03-02T07:00+07:00'))
      .receive(DEPARTMENT, at('2026-03-02T07:30+07:00'))
      .do(commands.requestSupplement(), head, at('2026-03-02T17:10+07:00'));
    const d = paused.do(commands.supplement(), portal, at('2026-03-02T21:00+07:00')).dossier;
    expect(paused.dossier.dueAt).toBe('2026-03-04T17:00:00+07:00');
    expect(d.dueAt).toBe('2026-03-04T17:00:00+07:00');
  });
});

// ---------------------------------------------------------------------------------------------
// Extensions
// ---------------------------------------------------------------------------------------------

describe('extending the due date (Form 04)', () => {
  const appraisal = Story.submit().to('APPRAISAL');
  const due = appraisal.dossier.dueAt!;
  const kindOf = (newDueAt: string) => {
    const decision = decide(appraisal.dossier, commands.extend(newDueAt), head, ctxAt(appraisal.now + HOUR));
    return decision.ok ? 'ok' : decision.refusal.kind;
  };

  it('refuses a new due that is not later than the current one, or not an instant, as invalid (400)', () => {
    expect(due).toBe('2026-03-05T08:00:00+07:00');
    expect(kindOf(due)).toBe('invalid');
    expect(kindOf('2026-03-05T01:00:00Z')).toBe('invalid'); // the same instant, in UTC
    expect(kindOf('2026-03-04T17:00+07:00')).toBe('invalid');
    expect(kindOf('next Friday')).toBe('invalid');
    expect(kindOf('2026-03-05')).toBe('invalid');
    expect(kindOf('2026-03-05T08:01+07:00')).toBe('ok');
  });

  it('sets the new due and keeps the original on record across two extensions', () => {
    // Act
    const once = appraisal.do(commands.extend('2026-03-06T10:00:00Z', 'Chờ ý kiến cơ quan thuế'), head);
    const twice = once.do(commands.extend('2026-03-10T17:00+07:00', 'Chờ xác minh thực địa'), head);

    // Assess
    expect(once.dossier).toMatchObject({
      dueAt: '2026-03-06T17:00:00+07:00',
      extension: { originalDueAt: due, newDueAt: '2026-03-06T17:00:00+07:00', reason: 'Chờ ý kiến cơ quan thuế', by: head.sub, at: iso(once.now) },
    });
    expectRecorded(appraisal.dossier, once.dossier, { action: 'extend', actor: head.sub, at: once.now, note: 'Chờ ý kiến cơ quan thuế' });
    expect(twice.dossier).toMatchObject({
      dueAt: '2026-03-10T17:00:00+07:00',
      extension: { originalDueAt: due, newDueAt: '2026-03-10T17:00:00+07:00', reason: 'Chờ xác minh thực địa' },
    });
    // The second extension must beat the first one, not just the original.
    const backwards = decide(once.dossier, commands.extend('2026-03-06T08:00+07:00'), head, ctxAt(once.now + HOUR));
    expect(backwards.ok ? 'ok' : backwards.refusal.kind).toBe('invalid');
    expect(twice.dossier.steps).toEqual(appraisal.dossier.steps); // step deadlines are not touched
  });
});
