import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dossierEvent } from '../../shared/domain/events.js';
import { allowedActions, type Action } from '../../shared/domain/lifecycle.js';
import type { Attachment, Dossier } from '../../shared/domain/model.js';
import {
  dossierRecord,
  nationalDate,
  nationalSyncOf,
  progressRecord,
  syncPlan,
  type NationalDossierRecord,
  type NationalProgressRecord,
  type NationalRequest,
  type NationalSyncState,
} from '../../shared/domain/national-portal.js';
import { parseInstant } from '../../shared/domain/time.js';
import { at, commands, officials, procedure, Story } from './fixtures.js';

/** Every version of a story, oldest first. */
function walk(start: Story, ...moves: ((s: Story) => Story)[]): Story[] {
  const stories = [start];
  for (const move of moves) stories.push(move(stories.at(-1)!));
  return stories;
}

const HAPPY = ['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE', 'ISSUED', 'RESULT_READY', 'RETURNED'] as const;
const fullLifecycle = (start = Story.submit()) => walk(start, ...HAPPY.map((step) => (s: Story) => s.to(step)));

/**
 * The connector's part, in memory: each version's event is handled against the final dossier (a
 * late delivery reads the dossier as it is now), the plan's calls all succeed, and the state is
 * kept. Answers every call made.
 */
function synchronise(versions: Dossier[], deliveries: number[] = versions.map((_, i) => i), state?: NationalSyncState) {
  const latest = versions.at(-1)!;
  const calls: NationalRequest[] = [];
  for (const i of deliveries) {
    const event = dossierEvent(versions[i - 1], versions[i])!;
    const plan = syncPlan(latest, event, state);
    if (!plan) continue;
    calls.push(...plan.requests);
    state = { ...plan.next, syncedAt: event.at };
  }
  return { calls, state };
}

const dossierRecords = (calls: NationalRequest[]) => calls.filter((c) => c.service === 'DongBoHoSoMC').flatMap((c) => c.data as NationalDossierRecord[]);
const progressRecords = (calls: NationalRequest[]) =>
  calls.filter((c) => c.service === 'CapNhatTienDoHoSoMC').flatMap((c) => c.data as NationalProgressRecord[]);

const DATE_FIELDS = /^(Ngay|ThoiDiem|HanBoSung)/;

/** Every value of a record, nested ones too: none is null, undefined or an empty list; every date is yyyyMMddHHmmss. */
function expectWellFormed(record: object, path = 'record') {
  for (const [key, value] of Object.entries(record)) {
    expect(value, `${path}.${key}`).not.toBeNull();
    expect(value, `${path}.${key}`).not.toBeUndefined();
    if (Array.isArray(value)) {
      expect(value.length, `${path}.${key}`).toBeGreaterThan(0);
      value.forEach((item, i) => expectWellFormed(item as object, `${path}.${key}[${i}]`));
    } else if (typeof value === 'object') expectWellFormed(value as object, `${path}.${key}`);
    else if (DATE_FIELDS.test(key)) expect(value, `${path}.${key}`).toMatch(/^\d{14}$/);
  }
}

describe('dates', () => {
  it('are yyyyMMddHHmmss in Vietnam’s time, whatever the offset they were written with', () => {
    expect(nationalDate('2026-03-02T07:30:00+07:00')).toBe('20260302073000');
    expect(nationalDate('2026-03-02T00:30:05Z')).toBe('20260302073005');
    // 20:00 UTC on New Year's Eve is already 03:00 on 1 January in Vietnam.
    expect(nationalDate('2026-12-31T20:00:00.999Z')).toBe('20270101030000');
    expect(() => nationalDate('2 March 2026')).toThrow(/not an ISO 8601 instant/);
  });

  it('read back to the same second (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') }), (ms) => {
        const text = nationalDate(new Date(ms).toISOString());
        expect(text).toMatch(/^\d{14}$/);
        const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text)!;
        expect(parseInstant(`${y}-${mo}-${d}T${h}:${mi}:${s}+07:00`)).toBe(Math.floor(ms / 1000) * 1000);
      }),
      { seed: 20_251_201, numRuns: 500 },
    );
  });
});

describe('the dossier record (DongBoHoSoMC)', () => {
  it('of an accepted dossier, field by field', () => {
    const fees = [{ code: 'LE_PHI_DKKD', name: 'Lệ phí đăng ký hộ kinh doanh', kind: 'LE_PHI' as const, amount: 100_000, collectAt: 'RESULT' as const }];
    const [, accepted] = walk(Story.submit({ channel: 'IN_PERSON', procedure: procedure({ fees }) }), (s) =>
      s.do(commands.accept(), officials.reception, at('2026-03-02T08:00+07:00')),
    );
    const d = { ...accepted!.dossier, applicant: { ...accepted!.dossier.applicant, phone: '0912345678', email: 'a@example.vn' } };

    expect(dossierRecord(d, { at: d.acceptedAt!, nationalStatus: 2 })).toEqual({
      MaHoSo: 'H30.01-260302-0001',
      MaTTHC: '1.001193',
      TenTTHC: 'Đăng ký hộ kinh doanh',
      KenhThucHien: 1,
      ChuHoSo: 'Lò Văn A',
      SoGiayToChuHoSo: '012345678901',
      LoaiDoiTuong: 1,
      SoDienThoai: '0912345678',
      Email: 'a@example.vn',
      TrichYeuHoSo: 'Đăng ký hộ kinh doanh',
      NgayTiepNhan: '20260302080000',
      // Three working days of 8 h from Monday 08:00.
      NgayHenTra: '20260305080000',
      TrangThaiHoSo: 2,
      DonViXuLy: 'H30.01',
      DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí đăng ký hộ kinh doanh', MaPhiLePhi: 'LE_PHI_DKKD', Gia: '100000', LoaiPhiLePhi: 2 }],
    });
  });

  it('says a dossier was paid online, from its payment on: 1 through the national Payment Platform, 2 through the province gateway', () => {
    const d = Story.submit().do(commands.accept(), officials.reception).dossier;
    const paidAt = '2026-03-02T09:00:00+07:00';
    const paid = (platform?: 'NATIONAL_PLATFORM' | 'PROVINCE_GATEWAY'): Dossier => ({
      ...d,
      payment: {
        status: 'PAID',
        lines: [{ code: 'LE_PHI_DKKD', name: 'Lệ phí đăng ký hộ kinh doanh', kind: 'LE_PHI', base: 100_000, amount: 100_000 }],
        total: 100_000,
        collectAt: 'RECEPTION',
        requestedAt: d.acceptedAt!,
        paidAt,
        method: 'ONLINE',
        reference: 'GD0001',
        ...(platform ? { platform } : {}),
        receipts: [],
      },
    });
    expect(dossierRecord(paid('NATIONAL_PLATFORM'), { at: paidAt, nationalStatus: 2 }).DuocThanhToanTrucTuyen).toBe(1);
    expect(dossierRecord(paid('PROVINCE_GATEWAY'), { at: paidAt, nationalStatus: 2 }).DuocThanhToanTrucTuyen).toBe(2);
    // The record of the acceptance, sent late, tells of a dossier not paid yet.
    expect(dossierRecord(paid('NATIONAL_PLATFORM'), { at: d.acceptedAt!, nationalStatus: 6 })).not.toHaveProperty('DuocThanhToanTrucTuyen');
    expect(dossierRecord({ ...paid(), payment: { ...paid().payment!, method: 'CASH' } }, { at: paidAt, nationalStatus: 2 })).not.toHaveProperty(
      'DuocThanhToanTrucTuyen',
    );
  });

  it('codes the channel: 1 in person, 2 online, 3 postal', () => {
    for (const [channel, code] of [
      ['IN_PERSON', 1],
      ['ONLINE', 2],
      ['POSTAL', 3],
    ] as const) {
      const d = Story.submit({ channel }).dossier;
      expect(dossierRecord(d, { at: d.submittedAt, nationalStatus: 1 }).KenhThucHien).toBe(code);
    }
  });

  it('leaves absent values out, never sends them as null: no phone, e-mail, fee, note, files or supplement', () => {
    const d = Story.submit({ procedure: procedure({ fees: [] }) }).dossier;
    const record = dossierRecord(d, { at: d.submittedAt, nationalStatus: 1 });
    expect(Object.keys(record).sort()).toEqual(
      ['ChuHoSo', 'DonViXuLy', 'KenhThucHien', 'LoaiDoiTuong', 'MaHoSo', 'MaTTHC', 'SoGiayToChuHoSo', 'TenTTHC', 'TrangThaiHoSo', 'TrichYeuHoSo'].sort(),
    );
    expect(record.MaHoSo).toBe(d.id);
    expect(JSON.stringify(record)).not.toMatch(/null/);
  });

  it('takes the note as the summary when there is one', () => {
    const d = { ...Story.submit().dossier, note: 'Đăng ký hộ kinh doanh tạp hóa' };
    expect(dossierRecord(d, { at: d.submittedAt, nationalStatus: 1 }).TrichYeuHoSo).toBe('Đăng ký hộ kinh doanh tạp hóa');
  });

  it('lists the files filed and the result papers, with their API paths, and the supplement request', () => {
    const requested = Story.submit()
      .to('ASSIGNMENT')
      .do(commands.requestSupplement(), { ...officials.head }, at('2026-03-02T09:00+07:00'));
    const supplied = requested.do(commands.supplement(), officials.portal, at('2026-03-02T10:00+07:00')).to('RETURNED');
    const file = (id: string, name: string, purpose: Attachment['purpose'], status: Attachment['status'] = 'AVAILABLE'): Attachment => ({
      id,
      name,
      purpose,
      contentType: 'application/pdf',
      size: 1000,
      status,
      createdAt: '2026-03-02T07:40:00+07:00',
      ...(status === 'AVAILABLE' ? { uploadedAt: '2026-03-02T07:41:00+07:00' } : {}),
      uploadedBy: 'reception-1',
    });
    const d: Dossier = {
      ...supplied.dossier,
      attachments: [
        file('a1', 'don-de-nghi.pdf', 'APPLICATION'),
        file('a2', 'ban-chup.pdf', 'SCAN'),
        file('a3', 'nhap.pdf', 'WORKING_PAPER'),
        file('a4', 'sai.pdf', 'APPLICATION', 'REJECTED'),
        file('a5', 'giay-chung-nhan.pdf', 'RESULT'),
      ],
    };
    const record = dossierRecord(d, { at: d.returnedAt!, nationalStatus: 10 });
    const base = `/v1/communes/H30.01/dossiers/${d.id}/attachments`;

    expect(record.TaiLieuNop).toEqual([
      { TenTepDinhKem: 'don-de-nghi.pdf', DuongDanTaiTepTin: `${base}/a1` },
      { TenTepDinhKem: 'ban-chup.pdf', DuongDanTaiTepTin: `${base}/a2` },
    ]);
    expect(record.DanhSachGiayToKetQua).toEqual([{ TenGiayTo: 'giay-chung-nhan.pdf', DuongDanTepTinKetQua: `${base}/a5` }]);
    expect(record.DanhSachHoSoBoSung).toEqual([
      {
        NoiDungBoSung: 'Thiếu bản sao CCCD',
        NguoiYeuCauBoSung: 'head-eco',
        NgayYeuCauBoSung: '20260302090000',
        HanBoSung: nationalDate(d.supplementRequest!.supplyBy),
        NgayTiepNhanBoSung: '20260302100000',
        DanhSachGiayToBoSung: [{ TenGiayTo: 'Bản sao CCCD' }],
      },
    ]);
    expect(record.NgayKetThucXuLy).toBe(nationalDate(d.completedAt!));
    expect(record.NgayTra).toBe(nationalDate(d.returnedAt!));
    expectWellFormed(record);
  });

  it('of an earlier change tells of the dossier as it stood then, though it is built from the dossier of today', () => {
    const versions = fullLifecycle().map((s) => s.dossier);
    const today = versions.at(-1)!;
    const submitted = versions[0]!;

    const record = dossierRecord(today, { at: submitted.submittedAt, nationalStatus: 1 });

    expect(record.MaHoSo).toBe(today.id);
    expect(record.TrangThaiHoSo).toBe(1);
    for (const later of ['NgayTiepNhan', 'NgayHenTra', 'NgayKetThucXuLy', 'NgayTra'] as const) expect(record[later], later).toBeUndefined();
    expect(record).toEqual(dossierRecord(submitted, { at: submitted.submittedAt, nationalStatus: 1 }));
  });

  it('tells changes of the same second apart by their event: the submission stays without a code', () => {
    const submittedAt = at('2026-03-02T08:00+07:00');
    const accepted = Story.submit({ at: submittedAt }).do(commands.accept(), officials.reception, submittedAt).to('ASSIGNMENT').dossier;
    const submission = dossierRecord(accepted, { at: accepted.submittedAt, nationalStatus: 1, type: 'dossier.submitted' });
    expect(submission.MaHoSo).toBe(accepted.id);
    expect(submission.NgayTiepNhan).toBeUndefined();
    const plan = syncPlan(accepted, { version: 2, at: accepted.acceptedAt!, nationalStatus: 2, type: 'dossier.accepted' }, undefined)!;
    // Received by the department in that same second too: its reception step is not yet done at version 2.
    expect(plan.requests.map((r) => r.service)).toEqual(['DongBoHoSoMC']);
    expect(plan.next.stepsSent).toBe(0);
  });

  it('of a refused dossier ends its processing at the refusal', () => {
    const refused = Story.submit().do(commands.refuse(), officials.reception, at('2026-03-02T09:15+07:00')).dossier;
    const record = dossierRecord(refused, { at: refused.closedAt!, nationalStatus: 3 });
    expect(record).toMatchObject({ TrangThaiHoSo: 3, NgayKetThucXuLy: '20260302091500', MaHoSo: refused.id });
    expect(record.NgayTiepNhan).toBeUndefined();
  });
});

describe('the progress record (CapNhatTienDoHoSoMC)', () => {
  it('of each completed step: who, as what, in which department, when, against its due time', () => {
    const d = fullLifecycle().at(-1)!.dossier;
    const [reception, , appraisal, , , issuance] = d.steps;
    const asOf = { at: d.returnedAt!, nationalStatus: 10 };

    expect(progressRecord(d, reception!, asOf)).toEqual({
      MaHoSo: d.code,
      NguoiXuLy: 'reception-1',
      ChucDanh: 'Tiếp nhận (công chức một cửa)',
      ThoiDiemXuLy: nationalDate(reception!.completedAt!),
      PhongBanXuLy: 'Bộ phận Một cửa',
      NoiDungXuLy: 'Tiếp nhận',
      TrangThai: 4,
      NgayBatDau: nationalDate(reception!.startedAt),
      NgayKetThucTheoQuyDinh: nationalDate(reception!.dueAt),
    });
    expect(progressRecord(d, appraisal!, asOf)).toMatchObject({ NguoiXuLy: 'spec-1', ChucDanh: 'Chuyên viên', PhongBanXuLy: 'Phòng Kinh tế' });
    expect(progressRecord(d, issuance!, asOf)).toMatchObject({ ChucDanh: 'Văn thư', PhongBanXuLy: 'Văn phòng HĐND và UBND', TrangThai: 9 });
  });

  it('is refused for a step still open', () => {
    const d = Story.submit().to('ASSIGNMENT').dossier;
    expect(() => progressRecord(d, d.steps.at(-1)!, { at: d.history.at(-1)!.at, nationalStatus: 4 })).toThrow(/not completed/);
  });
});

describe('synchronising a full lifecycle', () => {
  it('sends the dossier at each national status, 1 → 2 → 4 → 9 → 10, and a progress record per completed step', () => {
    const versions = fullLifecycle().map((s) => s.dossier);
    const d = versions.at(-1)!;

    const { calls, state } = synchronise(versions);

    const records = dossierRecords(calls);
    expect(records.map((r) => r.TrangThaiHoSo)).toEqual([1, 2, 4, 9, 10]);
    expect(records.map((r) => r.MaHoSo)).toEqual([d.id, d.code, d.code, d.code, d.code]);
    expect(calls.filter((c) => c.service === 'DongBoHoSoMC').map((c) => c.isUpdating)).toEqual([false, true, true, true, true]);
    expect(progressRecords(calls).map((r) => r.NoiDungXuLy)).toEqual(['Tiếp nhận', 'Phân công', 'Thẩm định', 'Xem xét', 'Phê duyệt', 'Vào sổ, đóng dấu']);
    for (const record of [...records, ...progressRecords(calls)]) expectWellFormed(record);
    expect(records.at(-1)).toMatchObject({ NgayTra: nationalDate(d.returnedAt!), NgayKetThucXuLy: nationalDate(d.completedAt!) });
    // The hand-over to the desk changes nothing the portal is told of: nine of the ten versions send something.
    expect(state).toMatchObject({ version: 10, sentStatus: 10, stepsSent: 6 });
    expect(nationalSyncOf(d, state)).toEqual({ status: 'SYNCED', version: 10, at: d.returnedAt });
  });

  it('sends nothing twice when events are delivered again', () => {
    const versions = fullLifecycle().map((s) => s.dossier);
    const once = synchronise(versions);
    const twice = synchronise(
      versions,
      versions.flatMap((_, i) => [i, i, ...(i > 1 ? [i - 1] : [])]),
    );
    expect(twice.calls).toEqual(once.calls);
    expect(twice.state).toEqual(once.state);
  });
});

describe('the synchronisation the dossier answer shows', () => {
  const versions = fullLifecycle().map((s) => s.dossier);
  const [submitted, accepted] = versions;

  it('is PENDING before anything was sent, with the version waiting', () => {
    expect(nationalSyncOf(submitted!, undefined)).toEqual({ status: 'PENDING', version: 1, at: submitted!.submittedAt });
  });

  it('is SYNCED once the portal has the version, PENDING again when the dossier moves on', () => {
    const { state } = synchronise([submitted!]);
    expect(nationalSyncOf(submitted!, state)).toMatchObject({ status: 'SYNCED', version: 1 });
    expect(nationalSyncOf(accepted!, state)).toEqual({ status: 'PENDING', version: 2, at: accepted!.acceptedAt });
  });

  it('is FAILED with the adapter’s message while the last try failed, SYNCED again once it went through', () => {
    const { state } = synchronise([submitted!]);
    const failed: NationalSyncState = {
      ...state!,
      failure: { version: 2, at: '2026-03-02T08:31:00+07:00', since: accepted!.acceptedAt!, error: 'error_code 99: hệ thống bận' },
    };
    expect(nationalSyncOf(accepted!, failed)).toEqual({ status: 'FAILED', version: 2, at: '2026-03-02T08:31:00+07:00', error: 'error_code 99: hệ thống bận' });
    const plan = syncPlan(accepted!, dossierEvent(submitted, accepted)!, failed)!;
    expect(nationalSyncOf(accepted!, { ...plan.next, syncedAt: '2026-03-02T08:35:00+07:00' })).toMatchObject({ status: 'SYNCED', version: 2 });
  });
});

/** A random path through the lifecycle: at each turn one of the actions someone may take, or the pending hand-over received. */
function randomPath(picks: number[]): Dossier[] {
  let s = Story.submit({ channel: picks[0]! % 2 ? 'ONLINE' : 'IN_PERSON' });
  const versions = [s.dossier];
  const bodies: Partial<Record<Action, () => ReturnType<(typeof commands)[keyof typeof commands]>>> = {
    accept: () => commands.accept(),
    'request-supplement': () => commands.requestSupplement(),
    supplement: () => commands.supplement(),
    refuse: () => commands.refuse(),
    assign: () => commands.assign(),
    propose: () => commands.propose(),
    review: () => commands.review(picks.length % 3 !== 0),
    approve: () => commands.approve(),
    issue: () => commands.issue(),
    return: () => commands.return(),
    withdraw: () => commands.withdraw(),
  };
  for (const pick of picks.slice(1)) {
    const d = s.dossier;
    const pending = d.handoffs.at(-1);
    const options: (() => Story)[] = [];
    if (d.status === 'IN_PROCESSING' && pending && !pending.receivedAt) options.push(() => s.receive(pending.to));
    for (const actor of Object.values(officials)) {
      for (const action of allowedActions(d, actor)) {
        const body = bodies[action];
        // Ending a dossier early only now and then, so most paths go deep.
        if (body && ((action !== 'withdraw' && action !== 'refuse') || pick % 50 === 0)) options.push(() => s.do(body(), actor));
      }
    }
    if (!options.length) break;
    s = options[pick % options.length]!();
    versions.push(s.dossier);
  }
  return versions;
}

describe('any path through the lifecycle (fast-check)', () => {
  it('sends the dossier at each change of national status, every completed step once, well-formed, and ends SYNCED', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 2, maxLength: 40 }), fc.array(fc.nat({ max: 2 }), { minLength: 40, maxLength: 40 }), (picks, repeats) => {
        const versions = randomPath(picks);
        const d = versions.at(-1)!;
        // Each event delivered once to three times, in version order (FIFO per dossier).
        const { calls, state } = synchronise(
          versions,
          versions.flatMap((_, i) => Array.from({ length: 1 + (repeats[i % repeats.length] ?? 0) }, () => i)),
        );
        const statuses = versions.map((v, i) => dossierEvent(versions[i - 1], v)!.nationalStatus).filter((n, i, all) => i === 0 || n !== all[i - 1]);
        const records = dossierRecords(calls);
        expect(records.map((r) => r.TrangThaiHoSo)).toEqual(statuses);
        expect(progressRecords(calls).map((r) => r.ThoiDiemXuLy)).toEqual(d.steps.filter((st) => st.completedAt).map((st) => nationalDate(st.completedAt!)));
        for (const record of [...records, ...progressRecords(calls)]) expectWellFormed(record);
        for (const record of records) expect(record.MaHoSo).toBe(record.NgayTiepNhan ? d.code : d.id);
        expect(nationalSyncOf(d, state).status).toBe('SYNCED');
      }),
      { seed: 766, numRuns: 200 },
    );
  });
});
