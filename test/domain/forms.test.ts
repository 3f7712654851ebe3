import { describe, expect, it } from 'vitest';
import { FORM_TITLES, FORMS, formOf, formsOf, type ControlSheetForm, type FormNumber } from '../../shared/domain/forms.js';
import { decide, receiveHandoff, submitDossier, type Command } from '../../shared/domain/lifecycle.js';
import { DEPARTMENT_NAMES } from '../../shared/domain/glossary.js';
import { verifyHistory } from '../../shared/domain/history-chain.js';
import type { Actor, Department, Dossier, Procedure } from '../../shared/domain/model.js';
import { withSession, type SigningSession } from '../../shared/domain/signing.js';
import { at, calendar, COMMUNE, DEPARTMENT, officials, procedure } from './fixtures.js';

// ---------------------------------------------------------------------------------------------
// A small driver over the real domain functions (submitDossier, decide, receiveHandoff).
// ---------------------------------------------------------------------------------------------

const CODE = 'H30.01-260302-0001';

/** 3 working days under PAUSE: accepted Mon 2 Mar 2026 08:00, due Thu 5 Mar 08:00. */
const PROCEDURE: Procedure = procedure({
  code: '1.001612',
  name: 'Đăng ký thành lập hộ kinh doanh',
  requiredDocuments: ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao giấy tờ pháp lý của chủ hộ'],
});

const { portal, reception, head, specialist, leader, clerk } = officials;

const APPLICANT = { name: 'Lò Văn A', idNumber: '012345678901', phone: '0912345678', address: 'Bản Hua Pầu, Tân Uyên' };

function submit(options: { receivingUnit?: string; now?: string } = {}): Dossier {
  const decision = submitDossier(
    {
      procedureCode: PROCEDURE.code,
      channel: 'ONLINE',
      applicant: APPLICANT,
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
    },
    portal,
    {
      now: at(options.now ?? '2026-03-02T07:30+07:00'),
      id: '3f1c2a9e-8d1b-4c55-9a0e-1b2c3d4e5f60',
      commune: COMMUNE,
      receivingUnit: options.receivingUnit ?? COMMUNE,
      procedure: PROCEDURE,
      lookupSecretHash: 'sha256:test',
    },
  );
  if (!decision.ok) throw new Error(decision.refusal.detail);
  return decision.dossier;
}

function run(d: Dossier, cmd: Command, actor: Actor, when: string): Dossier {
  const decision = decide(d, cmd, actor, { now: at(when), calendar });
  if (!decision.ok) throw new Error(`${cmd.type}: ${decision.refusal.detail}`);
  return decision.dossier;
}

function receive(d: Dossier, to: Department | 'DESK', when: string): Dossier {
  const received = receiveHandoff(d, to, { now: at(when), calendar });
  if (!received) throw new Error(`no hand-over to ${to}`);
  return received;
}

const accept = (d: Dossier, when = '2026-03-02T08:00+07:00') => run(d, { type: 'accept', code: CODE }, reception, when);
const requestSupplement = (d: Dossier, by: Actor, when: string) =>
  run(d, { type: 'request-supplement', reason: 'Thiếu bản sao CCCD', documents: ['Bản sao CCCD'] }, by, when);
const supplement = (d: Dossier, when: string) =>
  run(d, { type: 'supplement', documents: [{ name: 'Bản sao CCCD', kind: 'CERTIFIED_COPY', count: 1 }] }, portal, when);

/** Accepted Mon 2 Mar 08:00 and recorded by the department at 08:10. */
const atAssignment = () => receive(accept(submit()), DEPARTMENT, '2026-03-02T08:10+07:00');
const atAppraisal = () => run(atAssignment(), { type: 'assign', assignee: specialist.sub }, head, '2026-03-02T09:00+07:00');

/** The whole happy path: result at the desk Wed 4 Mar 10:00 (early), returned Wed 4 Mar 14:00. */
function returned(): Dossier {
  let d = atAppraisal();
  d = run(d, { type: 'propose', outcome: 'APPROVE', summary: 'Đủ điều kiện' }, specialist, '2026-03-03T10:00+07:00');
  d = run(d, { type: 'review', agree: true, note: 'Trình lãnh đạo' }, head, '2026-03-03T14:00+07:00');
  d = run(d, { type: 'approve', decision: 'APPROVED', note: 'Đồng ý' }, leader, '2026-03-04T08:00+07:00');
  d = run(d, { type: 'issue' }, clerk, '2026-03-04T09:00+07:00');
  d = receive(d, 'DESK', '2026-03-04T10:00+07:00');
  return run(d, { type: 'return' }, reception, '2026-03-04T14:00+07:00');
}

const form = (d: Dossier, n: FormNumber) => {
  const data = formOf(d, n);
  if (!data) throw new Error(`form ${n} does not apply`);
  return data as any;
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// ---------------------------------------------------------------------------------------------

describe('which forms exist in which state', () => {
  const withdrawnEarly = () => run(submit(), { type: 'withdraw', reason: 'Không còn nhu cầu' }, portal, '2026-03-02T08:00+07:00');
  const cases: [string, () => Dossier, FormNumber[]][] = [
    ['submitted', submit, []],
    ['refused', () => run(submit(), { type: 'refuse', reason: 'Không thuộc thẩm quyền' }, reception, '2026-03-02T08:00+07:00'), ['03']],
    ['awaiting a supplement before acceptance', () => requestSupplement(submit(), reception, '2026-03-02T08:00+07:00'), ['02']],
    ['accepted, in transit to the department', () => accept(submit()), ['01', '06', '07']],
    ['at appraisal', atAppraisal, ['01', '06', '07']],
    ['awaiting a supplement during processing', () => requestSupplement(atAppraisal(), head, '2026-03-02T10:00+07:00'), ['01', '02', '06', '07']],
    [
      'extended',
      () => run(atAppraisal(), { type: 'extend', newDueAt: '2026-03-10T17:00+07:00', reason: 'Cần xác minh' }, head, '2026-03-03T08:00+07:00'),
      ['01', '04', '06', '07'],
    ],
    ['withdrawn before acceptance', withdrawnEarly, ['05']],
    [
      'withdrawn during processing',
      () => run(atAppraisal(), { type: 'withdraw', reason: 'Công dân rút hồ sơ' }, reception, '2026-03-02T10:00+07:00'),
      ['01', '05', '06', '07'],
    ],
    ['returned', returned, ['01', '06', '07']],
  ];

  it.each(cases)('%s', (_name, build, expected) => {
    const d = build();
    expect(formsOf(d)).toEqual(expected);
    for (const n of FORMS) expect(formOf(d, n) === undefined, `form ${n}`).toBe(!expected.includes(n));
  });
});

describe('every form', () => {
  it('carries its number, Vietnamese title, legal basis, issuing unit, commune and dossier code', () => {
    const d = run(
      requestSupplement(atAppraisal(), head, '2026-03-02T10:00+07:00'),
      { type: 'extend', newDueAt: '2026-03-10T17:00+07:00', reason: 'Cần xác minh' },
      head,
      '2026-03-02T11:00+07:00',
    );
    for (const n of ['01', '02', '04', '06', '07'] as const) {
      expect(formOf(d, n, { generatedAt: '2026-03-02T11:05:00+07:00' })).toMatchObject({
        form: n,
        title: FORM_TITLES[n],
        legalBasis: 'Thông tư 03/2025/TT-VPCP',
        issuingUnit: COMMUNE,
        commune: COMMUNE,
        dossierCode: CODE,
        procedure: { code: PROCEDURE.code, name: PROCEDURE.name },
        generatedAt: '2026-03-02T11:05:00+07:00',
      });
    }
    expect(formOf(d, '01')).not.toHaveProperty('generatedAt');
  });

  it('names the unit whose desk received the dossier as the issuing unit (province-wide reception)', () => {
    const d = accept(submit({ receivingUnit: 'H30.02' }));

    expect(form(d, '01')).toMatchObject({ issuingUnit: 'H30.02', commune: COMMUNE });
    expect(form(d, '07')).toMatchObject({ issuingUnit: 'H30.02', commune: COMMUNE });
  });

  it('has the titles of Circular 03/2025', () => {
    expect(FORMS).toEqual(['01', '02', '03', '04', '05', '06', '07']);
    expect(FORM_TITLES).toEqual({
      '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
      '03': 'Phiếu từ chối tiếp nhận giải quyết hồ sơ',
      '04': 'Phiếu xin lỗi và hẹn lại ngày trả kết quả',
      '05': 'Phiếu dừng giải quyết hồ sơ',
      '06': 'Phiếu kiểm soát quá trình giải quyết hồ sơ',
      '07': 'Sổ theo dõi hồ sơ',
    });
  });

  it('is derived without touching the dossier', () => {
    const d = deepFreeze(returned());
    const before = JSON.stringify(d);

    for (const n of FORMS) formOf(d, n);

    expect(JSON.stringify(d)).toBe(before);
  });
});

describe('Form 01, receipt and appointment', () => {
  it('gives the code, the documents, the fee, the time received and the appointment', () => {
    const f = form(accept(submit()), '01');

    expect(f).toMatchObject({
      applicant: { name: APPLICANT.name, address: APPLICANT.address, phone: APPLICANT.phone, email: null },
      channel: 'ONLINE',
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
      dossierSets: 1,
      processing: { kind: 'WORKING_DAYS', days: 3 },
      fee: 0,
      receivedAt: '2026-03-02T08:00:00+07:00',
      receivedBy: reception.sub,
      dueAt: '2026-03-05T08:00:00+07:00',
      department: DEPARTMENT,
    });
    expect(f.applicant).not.toHaveProperty('idNumber');
  });

  it('keeps the appointment it gave when an apology sets a new one (that is Form 04)', () => {
    const d = run(atAppraisal(), { type: 'extend', newDueAt: '2026-03-10T17:00+07:00', reason: 'Cần xác minh' }, head, '2026-03-03T08:00+07:00');

    expect(d.dueAt).toBe('2026-03-10T17:00:00+07:00');
    expect(form(d, '01').dueAt).toBe('2026-03-05T08:00:00+07:00');
  });
});

describe('Form 02, supplement request', () => {
  it('asked by the desk before acceptance: awaited, then supplied, and kept after acceptance', () => {
    const requested = requestSupplement(submit(), reception, '2026-03-02T08:00+07:00');
    const supplied = supplement(requested, '2026-03-02T09:00+07:00');
    const accepted = accept(supplied, '2026-03-02T09:30+07:00');

    expect(form(requested, '02')).toMatchObject({
      dossierCode: null,
      applicant: { name: APPLICANT.name, address: APPLICANT.address },
      stage: 'RECEPTION',
      requestingUnit: 'DESK',
      receivedAt: '2026-03-02T07:30:00+07:00',
      reason: 'Thiếu bản sao CCCD',
      documentsRequired: ['Bản sao CCCD'],
      requestedBy: reception.sub,
      requestedAt: '2026-03-02T08:00:00+07:00',
      suppliedAt: null,
    });
    expect(form(supplied, '02').suppliedAt).toBe('2026-03-02T09:00:00+07:00');
    expect(form(accepted, '02')).toMatchObject({ stage: 'RECEPTION', requestingUnit: 'DESK', dossierCode: CODE, suppliedAt: '2026-03-02T09:00:00+07:00' });
  });

  it('asked by the department during processing', () => {
    const d = requestSupplement(atAppraisal(), head, '2026-03-02T10:00+07:00');

    expect(form(d, '02')).toMatchObject({
      dossierCode: CODE,
      stage: 'PROCESSING',
      requestingUnit: DEPARTMENT,
      receivedAt: '2026-03-02T08:00:00+07:00',
      requestedBy: head.sub,
      requestedAt: '2026-03-02T10:00:00+07:00',
      suppliedAt: null,
    });
  });
});

describe('Form 03, refusal', () => {
  it('gives the reason, who refused and when; the dossier has no code', () => {
    const d = run(submit(), { type: 'refuse', reason: 'Không thuộc thẩm quyền' }, reception, '2026-03-02T08:00+07:00');

    expect(form(d, '03')).toMatchObject({
      dossierCode: null,
      applicant: { name: APPLICANT.name, address: APPLICANT.address },
      channel: 'ONLINE',
      submittedAt: '2026-03-02T07:30:00+07:00',
      reason: 'Không thuộc thẩm quyền',
      refusedBy: reception.sub,
      refusedAt: '2026-03-02T08:00:00+07:00',
    });
  });
});

describe('Form 04, apology and new appointment', () => {
  it('gives the original and new appointments, the reason and the department that apologises', () => {
    const d = run(atAppraisal(), { type: 'extend', newDueAt: '2026-03-10T17:00+07:00', reason: 'Cần xác minh thực địa' }, head, '2026-03-03T08:00+07:00');

    expect(form(d, '04')).toMatchObject({
      dossierCode: CODE,
      applicant: { name: APPLICANT.name, address: APPLICANT.address },
      department: DEPARTMENT,
      receivedAt: '2026-03-02T08:00:00+07:00',
      originalDueAt: '2026-03-05T08:00:00+07:00',
      newDueAt: '2026-03-10T17:00:00+07:00',
      reason: 'Cần xác minh thực địa',
      issuedBy: head.sub,
      issuedAt: '2026-03-03T08:00:00+07:00',
    });
  });

  it('keeps the first appointment as the original through a second apology', () => {
    let d = run(atAppraisal(), { type: 'extend', newDueAt: '2026-03-10T17:00+07:00', reason: 'Lần 1' }, head, '2026-03-03T08:00+07:00');
    d = run(d, { type: 'extend', newDueAt: '2026-03-12T17:00+07:00', reason: 'Lần 2' }, head, '2026-03-09T08:00+07:00');

    expect(form(d, '04')).toMatchObject({ originalDueAt: '2026-03-05T08:00:00+07:00', newDueAt: '2026-03-12T17:00:00+07:00', reason: 'Lần 2' });
  });
});

describe('Form 05, stop notice', () => {
  it('for a dossier withdrawn before acceptance: no code, no step', () => {
    const d = run(submit(), { type: 'withdraw', reason: 'Không còn nhu cầu' }, portal, '2026-03-02T08:00+07:00');

    expect(form(d, '05')).toMatchObject({
      dossierCode: null,
      applicant: { name: APPLICANT.name, address: APPLICANT.address },
      submittedAt: '2026-03-02T07:30:00+07:00',
      receivedAt: null,
      stoppedAtStep: null,
      reason: 'Không còn nhu cầu',
      stoppedAt: '2026-03-02T08:00:00+07:00',
      recordedBy: portal.sub,
      documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL', count: 1 }],
    });
  });

  it('for a dossier withdrawn during processing: the code and the step it stopped at', () => {
    const d = run(atAppraisal(), { type: 'withdraw', reason: 'Công dân rút hồ sơ' }, reception, '2026-03-02T10:00+07:00');

    expect(form(d, '05')).toMatchObject({
      dossierCode: CODE,
      receivedAt: '2026-03-02T08:00:00+07:00',
      stoppedAtStep: 'APPRAISAL',
      stoppedAt: '2026-03-02T10:00:00+07:00',
      recordedBy: reception.sub,
    });
    expect(form(d, '07').notes).toContain('Dừng giải quyết: Công dân rút hồ sơ');
  });
});

describe('Form 06, process control sheet', () => {
  it('lists every step and hand-over with actors, times and timeliness', () => {
    const f = form(returned(), '06');

    expect(f.steps.map((s: { step: string }) => s.step)).toEqual(['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE']);
    expect(f.steps[0]).toEqual({
      step: 'RECEPTION',
      department: 'DESK',
      actor: reception.sub,
      startedAt: '2026-03-02T08:00:00+07:00',
      dueAt: '2026-03-02T10:00:00+07:00',
      completedAt: '2026-03-02T08:10:00+07:00',
      timeliness: 'ON_TIME',
    });
    expect(f.steps[2]).toMatchObject({ step: 'APPRAISAL', department: DEPARTMENT, actor: specialist.sub, completedAt: '2026-03-03T10:00:00+07:00' });
    expect(f.steps[5]).toMatchObject({ step: 'ISSUANCE', department: 'OFFICE', actor: clerk.sub, completedAt: '2026-03-04T10:00:00+07:00' });
    for (const s of f.steps) expect(s.timeliness).toMatch(/EARLY|ON_TIME|LATE/);
    expect(f.handoffs).toEqual([
      {
        from: 'DESK',
        to: DEPARTMENT,
        handedOverBy: reception.sub,
        handedOverAt: '2026-03-02T08:00:00+07:00',
        receivedBy: DEPARTMENT_NAMES[DEPARTMENT],
        receivedAt: '2026-03-02T08:10:00+07:00',
        timeliness: 'ON_TIME',
      },
      {
        from: 'OFFICE',
        to: 'DESK',
        handedOverBy: clerk.sub,
        handedOverAt: '2026-03-04T09:00:00+07:00',
        receivedBy: 'Bộ phận một cửa',
        receivedAt: '2026-03-04T10:00:00+07:00',
        timeliness: expect.stringMatching(/EARLY|ON_TIME|LATE/),
      },
    ]);
    expect(f).toMatchObject({
      department: DEPARTMENT,
      status: 'RETURNED',
      acceptedAt: '2026-03-02T08:00:00+07:00',
      dueAt: '2026-03-05T08:00:00+07:00',
      originalDueAt: null,
      pauses: [],
      completedAt: '2026-03-04T10:00:00+07:00',
      timeliness: 'EARLY',
    });
  });

  it('shows open steps and a hand-over not yet received as blanks', () => {
    const f = form(accept(submit()), '06');

    expect(f.steps).toEqual([expect.objectContaining({ step: 'RECEPTION', completedAt: null, timeliness: null })]);
    expect(f.handoffs).toEqual([expect.objectContaining({ receivedBy: null, receivedAt: null, timeliness: null })]);
    expect(f).toMatchObject({ completedAt: null, timeliness: null });
  });

  it('records the supplement pauses during processing, and the original due after an apology', () => {
    const paused = requestSupplement(atAppraisal(), head, '2026-03-02T10:00+07:00');
    const resumed = supplement(paused, '2026-03-03T10:00+07:00');
    const extended = run(resumed, { type: 'extend', newDueAt: '2026-03-12T17:00+07:00', reason: 'Cần xác minh' }, head, '2026-03-04T08:00+07:00');

    expect(form(paused, '06').pauses).toEqual([{ from: '2026-03-02T10:00:00+07:00', to: null }]);
    expect(form(resumed, '06').pauses).toEqual([{ from: '2026-03-02T10:00:00+07:00', to: '2026-03-03T10:00:00+07:00' }]);
    // 8 working hours paused: the due moves from Thu 5 Mar 08:00 to Fri 6 Mar 08:00.
    expect(form(resumed, '06')).toMatchObject({ dueAt: '2026-03-06T08:00:00+07:00', originalDueAt: null });
    expect(form(extended, '06')).toMatchObject({ dueAt: '2026-03-12T17:00:00+07:00', originalDueAt: '2026-03-06T08:00:00+07:00' });
  });

  it('does not name the applicant', () => {
    const text = JSON.stringify(formOf(returned(), '06'));
    for (const value of Object.values(APPLICANT)) expect(text).not.toContain(value);
  });

  it('leaves out pauses at the desk before acceptance', () => {
    const d = accept(supplement(requestSupplement(submit(), reception, '2026-03-02T08:00+07:00'), '2026-03-02T09:00+07:00'), '2026-03-02T09:30+07:00');
    expect(form(d, '06').pauses).toEqual([]);
  });
});

describe('Form 07, tracking book', () => {
  it('writes the row of a returned dossier', () => {
    expect(form(returned(), '07')).toMatchObject({
      dossierCode: CODE,
      applicant: { name: APPLICANT.name, address: APPLICANT.address, phone: APPLICANT.phone },
      channel: 'ONLINE',
      dossierSets: 1,
      department: DEPARTMENT,
      receivedAt: '2026-03-02T08:00:00+07:00',
      dueAt: '2026-03-05T08:00:00+07:00',
      handedToDepartment: { department: DEPARTMENT, at: '2026-03-02T08:00:00+07:00', receivedAt: '2026-03-02T08:10:00+07:00' },
      completedAt: '2026-03-04T10:00:00+07:00',
      returnedAt: '2026-03-04T14:00:00+07:00',
      status: 'RETURNED',
      timeliness: 'EARLY',
      notes: [],
    });
  });

  it('leaves the result blank while open and notes supplements and apologies', () => {
    let d = requestSupplement(atAppraisal(), head, '2026-03-02T10:00+07:00');
    d = supplement(d, '2026-03-03T10:00+07:00');
    d = run(d, { type: 'extend', newDueAt: '2026-03-12T17:00+07:00', reason: 'Cần xác minh' }, head, '2026-03-04T08:00+07:00');
    const f = form(d, '07');

    expect(f).toMatchObject({ completedAt: null, returnedAt: null, timeliness: null, status: 'IN_PROCESSING', dueAt: '2026-03-06T08:00:00+07:00' });
    expect(f.notes).toEqual([
      'Yêu cầu bổ sung ngày 2026-03-02T10:00:00+07:00: Thiếu bản sao CCCD (đã bổ sung ngày 2026-03-03T10:00:00+07:00)',
      'Hẹn lại ngày trả kết quả: 2026-03-12T17:00:00+07:00 (Cần xác minh)',
    ]);
  });

  it('counts an extended dossier late against its first appointment', () => {
    let d = run(atAppraisal(), { type: 'extend', newDueAt: '2026-03-10T17:00+07:00', reason: 'Cần xác minh' }, head, '2026-03-03T08:00+07:00');
    d = run(d, { type: 'propose', outcome: 'REJECT', summary: 'Không đủ điều kiện' }, specialist, '2026-03-05T09:00+07:00');
    d = run(d, { type: 'review', agree: true, note: 'Đồng ý' }, head, '2026-03-05T10:00+07:00');
    d = run(d, { type: 'approve', decision: 'REJECTED', note: 'Ngành nghề cấm' }, leader, '2026-03-06T08:00+07:00');
    d = run(d, { type: 'issue' }, clerk, '2026-03-06T09:00+07:00');
    d = receive(d, 'DESK', '2026-03-06T09:30+07:00');
    const f = form(d, '07');

    expect(f).toMatchObject({ status: 'RESULT_READY', dueAt: '2026-03-05T08:00:00+07:00', timeliness: 'LATE', completedAt: '2026-03-06T09:30:00+07:00' });
    expect(f.notes).toContain('Kết quả: từ chối giải quyết — Ngành nghề cấm');
  });
});

describe('officials by name', () => {
  /** The same officials, their tokens carrying their names. */
  const named = {
    reception: { ...reception, name: 'Lò Thị Hoa' },
    head: { ...head, name: 'Hoàng Văn Dũng' },
    specialist: { ...specialist, name: 'Vàng A Sình' },
    leader: { ...leader, name: 'Trần Văn Bình' },
    clerk: { ...clerk, name: 'Phạm Thị Hằng' },
  } satisfies Record<string, Actor>;

  /** Accepted before tokens carried names; everything after by named officials. */
  function workedByName(): Dossier {
    let d = receive(accept(submit()), DEPARTMENT, '2026-03-02T08:10+07:00');
    d = run(d, { type: 'assign', assignee: specialist.sub }, named.head, '2026-03-02T09:00+07:00');
    d = run(d, { type: 'request-supplement', reason: 'Thiếu bản sao CCCD', documents: ['Bản sao CCCD'] }, named.head, '2026-03-02T10:00+07:00');
    d = supplement(d, '2026-03-02T11:00+07:00');
    d = run(d, { type: 'extend', newDueAt: '2026-03-12T17:00+07:00', reason: 'Cần xác minh' }, named.head, '2026-03-02T14:00+07:00');
    d = run(d, { type: 'propose', outcome: 'APPROVE', summary: 'Đủ điều kiện' }, named.specialist, '2026-03-03T10:00+07:00');
    d = run(d, { type: 'review', agree: true, note: 'Trình lãnh đạo' }, named.head, '2026-03-03T14:00+07:00');
    d = run(d, { type: 'approve', decision: 'APPROVED', note: 'Đồng ý' }, named.leader, '2026-03-04T08:00+07:00');
    d = run(d, { type: 'issue' }, named.clerk, '2026-03-04T09:00+07:00');
    return receive(d, 'DESK', '2026-03-04T10:00+07:00');
  }

  it('the receipt names the official who received the dossier, and the unit by its name', () => {
    const d = run(submit(), { type: 'accept', code: CODE }, named.reception, '2026-03-02T08:00+07:00');
    const f = formOf(d, '01', { communes: [{ code: COMMUNE, name: 'Tân Uyên' }] });

    expect(f).toMatchObject({ receivedBy: 'Lò Thị Hoa', issuingUnit: COMMUNE, issuingUnitName: 'Tân Uyên' });
    expect(d.history.at(-1)).toMatchObject({ actor: reception.sub, actorName: 'Lò Thị Hoa' });
    expect(d.handoffs[0]).toMatchObject({ handedOverBy: reception.sub, handedOverByName: 'Lò Thị Hoa' });
  });

  it('Form 06 names each official as they were when they acted, the clerk too; a step done before names shows the account', () => {
    const f = form(workedByName(), '06') as ControlSheetForm;

    expect(f.steps.map((s) => [s.step, s.actor])).toEqual([
      ['RECEPTION', reception.sub],
      ['ASSIGNMENT', 'Hoàng Văn Dũng'],
      ['APPRAISAL', 'Vàng A Sình'],
      ['REVIEW', 'Hoàng Văn Dũng'],
      ['APPROVAL', 'Trần Văn Bình'],
      ['ISSUANCE', 'Phạm Thị Hằng'],
    ]);
    expect(f.handoffs.map((h) => [h.handedOverBy, h.receivedBy])).toEqual([
      [reception.sub, DEPARTMENT_NAMES[DEPARTMENT]],
      ['Phạm Thị Hằng', 'Bộ phận một cửa'],
    ]);
  });

  it('the supplement request, the apology and the history keep the name with the account, and the chain covers the name', () => {
    const d = workedByName();

    expect(form(d, '02')).toMatchObject({ requestedBy: 'Hoàng Văn Dũng' });
    expect(form(d, '04')).toMatchObject({ issuedBy: 'Hoàng Văn Dũng' });
    expect(d.proposal).toMatchObject({ by: specialist.sub, byName: 'Vàng A Sình' });
    expect(d.review).toMatchObject({ by: head.sub, byName: 'Hoàng Văn Dũng' });
    expect(d.history.map((h) => [h.action, h.actor, h.actorName])).toEqual([
      ['submit', portal.sub, undefined],
      ['accept', reception.sub, undefined],
      ['receive', `department:${DEPARTMENT}`, undefined],
      ['assign', head.sub, 'Hoàng Văn Dũng'],
      ['request-supplement', head.sub, 'Hoàng Văn Dũng'],
      ['supplement', portal.sub, undefined],
      ['extend', head.sub, 'Hoàng Văn Dũng'],
      ['propose', specialist.sub, 'Vàng A Sình'],
      ['review', head.sub, 'Hoàng Văn Dũng'],
      ['approve', leader.sub, 'Trần Văn Bình'],
      ['issue', clerk.sub, 'Phạm Thị Hằng'],
      ['receive-result', 'desk:results-intake', undefined],
    ]);
    expect(verifyHistory(d).valid).toBe(true);
    const renamed = { ...d, history: d.history.map((h, i) => (i === 3 ? { ...h, actorName: 'Người khác' } : h)) };
    expect(verifyHistory(renamed)).toMatchObject({ valid: false, firstMismatch: { seq: 4, action: 'assign' } });
    const unnamed = { ...d, history: d.history.map(({ actorName: _name, ...h }, i) => (i === 3 ? h : { ...h, ...(_name ? { actorName: _name } : {}) })) };
    expect(verifyHistory(unnamed)).toMatchObject({ valid: false, firstMismatch: { seq: 4 } });
  });

  it('a specialist sent back to appraisal is named as the appraisal knew them', () => {
    let d = run(atAssignment(), { type: 'assign', assignee: specialist.sub }, named.head, '2026-03-02T09:00+07:00');
    d = run(d, { type: 'propose', outcome: 'APPROVE', summary: 'Đủ điều kiện' }, named.specialist, '2026-03-03T10:00+07:00');
    d = run(d, { type: 'review', agree: false, note: 'Xem lại' }, named.head, '2026-03-03T14:00+07:00');

    expect(d.steps.at(-1)).toMatchObject({ step: 'APPRAISAL', actor: specialist.sub, actorName: 'Vàng A Sình' });
    d = run(d, { type: 'assign', assignee: 'spec-2' }, named.head, '2026-03-03T15:00+07:00');
    expect(d.steps.at(-1)).toMatchObject({ step: 'APPRAISAL', actor: 'spec-2' });
    expect(d.steps.at(-1)).not.toHaveProperty('actorName');
  });
});

describe('Form 06 of a signed electronic result', () => {
  const LEADER_CERT = {
    subject: 'CN=Trần Văn Bình, OU=Lãnh đạo UBND xã Tân Uyên, O=Một Cửa, C=VN',
    issuer: 'CN=Một Cửa Test Root, O=Một Cửa, C=VN',
    fingerprint: 'a'.repeat(64),
    notAfter: '2028-03-01T00:00:00.000Z',
  };
  // Attributes of one RDN, as node prints the local emulator's certificates.
  const SEAL_CERT = { ...LEADER_CERT, subject: 'CN=Ủy ban nhân dân xã Tân Uyên + OU=H30.01 + O=Một Cửa + C=VN', fingerprint: 'b'.repeat(64) };
  const DRAFT = {
    id: '7d0c5b1e-2f3a-4b5c-8d9e-0a1b2c3d4e5f',
    name: 'Dự thảo quyết định.pdf',
    purpose: 'RESULT' as const,
    contentType: 'application/pdf' as const,
    size: 2048,
    status: 'AVAILABLE' as const,
    createdAt: '2026-03-03T09:00:00+07:00',
    uploadedAt: '2026-03-03T09:01:00+07:00',
    uploadedBy: specialist.sub,
  };
  const session = (role: 'LEADER' | 'SEAL', by: Actor, at: string): SigningSession => ({
    id: role === 'LEADER' ? '11111111-1111-4111-8111-111111111111' : '22222222-2222-4222-8222-222222222222',
    role,
    attachmentId: DRAFT.id,
    by: by.sub,
    ...(by.name ? { byName: by.name } : {}),
    provider: 'local',
    credentialRef: role === 'LEADER' ? `leader:${COMMUNE}:${by.sub}` : `seal:${COMMUNE}`,
    operation: 'op',
    sourceSha256: 'c'.repeat(64),
    digest: 'd'.repeat(64),
    signingTime: at,
    status: 'PENDING',
    startedAt: at,
    expiresAt: at,
    certificate: role === 'LEADER' ? LEADER_CERT : SEAL_CERT,
  });

  /** Approved with the leader's signature confirmed at 08:02, sealed by the clerk at 09:00. */
  function signed(leaderActor: Actor): Dossier {
    let d = run(atAppraisal(), { type: 'propose', outcome: 'APPROVE', summary: 'Đủ điều kiện' }, specialist, '2026-03-03T10:00+07:00');
    d = run({ ...d, attachments: [DRAFT] }, { type: 'review', agree: true, note: 'Trình lãnh đạo' }, head, '2026-03-03T14:00+07:00');
    const waiting = session('LEADER', leaderActor, '2026-03-04T08:00:00+07:00');
    d = withSession(d, waiting);
    const confirmed: SigningSession = { ...waiting, status: 'SIGNED', completedAt: '2026-03-04T08:02:00+07:00' };
    // As the signing's poll does: the session completed on the dossier, then the approval it carried.
    d = run(
      { ...d, signings: [confirmed] },
      { type: 'approve', decision: 'APPROVED', note: 'Đồng ý', signing: confirmed },
      leaderActor,
      '2026-03-04T08:02+07:00',
    );
    const seal: SigningSession = {
      ...session('SEAL', { ...clerk, name: 'Phạm Thị Hằng' }, '2026-03-04T09:00:00+07:00'),
      status: 'SIGNED',
      completedAt: '2026-03-04T09:00:00+07:00',
    };
    return run(d, { type: 'issue', registration: { number: 12, symbol: '12/QĐ-UBND', issuedOn: '2026-03-04' }, seal }, clerk, '2026-03-04T09:00+07:00');
  }

  it('names who signed the result, when, and with which certificate: the leader by name, then the commune by its seal', () => {
    const f = form(signed({ ...leader, name: 'Trần Văn Bình' }), '06') as ControlSheetForm;

    expect(f.signatures).toEqual([
      {
        role: 'LEADER',
        signer: 'Trần Văn Bình',
        signedAt: '2026-03-04T08:02:00+07:00',
        certificateSubject: LEADER_CERT.subject,
        certificateFingerprint: LEADER_CERT.fingerprint,
      },
      {
        role: 'SEAL',
        signer: 'Ủy ban nhân dân xã Tân Uyên',
        signedAt: '2026-03-04T09:00:00+07:00',
        certificateSubject: SEAL_CERT.subject,
        certificateFingerprint: SEAL_CERT.fingerprint,
      },
    ]);
  });

  it('a signing recorded before names were kept with it names the leader as their certificate does; one that ended unsigned is not a signature', () => {
    const d = signed(leader);
    const refused: SigningSession = {
      ...session('LEADER', leader, '2026-03-04T07:50:00+07:00'),
      id: '33333333-3333-4333-8333-333333333333',
      status: 'REJECTED',
      reason: 'refused',
    };
    const f = form({ ...d, signings: [refused, ...d.signings!] }, '06') as ControlSheetForm;

    expect(f.signatures?.map((s) => [s.role, s.signer])).toEqual([
      ['LEADER', 'Trần Văn Bình'],
      ['SEAL', 'Ủy ban nhân dân xã Tân Uyên'],
    ]);
  });

  it('a result on paper, and a record stored before results were signed, have no signatures on the sheet', () => {
    const paper = form(returned(), '06') as ControlSheetForm;
    expect(paper).not.toHaveProperty('signatures');
    const { signings: _none, ...before } = signed(leader);
    expect(form(before, '06')).not.toHaveProperty('signatures');
    expect(form(before, '06')).toMatchObject({ form: '06', status: 'IN_PROCESSING' });
  });
});
