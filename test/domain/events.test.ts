import { describe, expect, it } from 'vitest';
import { dossierEvent, EVENT_TYPES } from '../../shared/domain/events.js';
import { MESSAGE_TERMS } from '../../shared/domain/glossary.js';
import { channelsOf, noticeOf, NOTIFIED_TYPES, vietnameseDateTime } from '../../shared/domain/notifications.js';
import { RULES } from '../../shared/domain/lifecycle.js';
import { at, commands, officials, Story } from './fixtures.js';

/** Every version of a story's dossier, and its events (before → after). */
function eventsOf(stories: Story[]) {
  return stories.map((s, i) => dossierEvent(i === 0 ? undefined : stories[i - 1]!.dossier, s.dossier));
}

describe('the event of a stored change', () => {
  it('is one per version, typed by the history entry it added, with a deterministic id', () => {
    const submitted = Story.submit();
    const stories = [submitted];
    for (const step of ['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE', 'ISSUED', 'RESULT_READY', 'RETURNED'] as const) {
      stories.push(stories.at(-1)!.to(step));
    }

    const events = eventsOf(stories);

    expect(events.map((e) => e!.type)).toEqual([
      'dossier.submitted',
      'dossier.accepted',
      'dossier.received',
      'dossier.assigned',
      'dossier.proposed',
      'dossier.reviewed',
      'dossier.approved',
      'dossier.handed-over',
      'dossier.result-ready',
      'dossier.returned',
    ]);
    expect(events.map((e) => e!.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(events.map((e) => e!.nationalStatus)).toEqual([1, 2, 4, 4, 4, 4, 4, 4, 9, 10]);
    const last = stories.at(-1)!.dossier;
    expect(events.at(-1)).toEqual({
      id: `evt_${last.id}_10`,
      type: 'dossier.returned',
      at: last.history.at(-1)!.at,
      province: 'LCI',
      commune: 'H30.01',
      dossierId: last.id,
      code: last.code,
      status: 'RETURNED',
      nationalStatus: 10,
      step: last.step,
      version: 10,
      submittedBy: officials.portal.sub,
      channel: 'ONLINE',
    });
    // The same change read again is the same event.
    expect(dossierEvent(stories[1]!.dossier, stories[2]!.dossier)).toEqual(events[2]);
  });

  it('is none for a write that made no new version, or a deletion', () => {
    const s = Story.submit().to('RETURNED');
    expect(dossierEvent(s.dossier, { ...s.dossier, rating: { score: 5, at: '2026-03-10T08:00:00+07:00' } })).toBeUndefined();
    expect(dossierEvent(s.dossier, undefined)).toBeUndefined();
  });

  it('has a type for every action a dossier can record', () => {
    const recorded = [...Object.keys(RULES), 'submit', 'receive', 'receive-result', 'reassign', 'supplement-expired', 'payment-expired'];
    for (const action of recorded) expect(EVENT_TYPES, action).toHaveProperty(action);
  });
});

describe('the messages to the applicant', () => {
  const lookup = 'https://motcua.laichau.gov.vn/tra-cuu/H30.01-260302-0001#the-secret';

  it('go on the channels chosen, SMS by default with a phone, none without an address', () => {
    const base = { name: 'A', idNumber: '012345678901', address: 'x' };
    expect(channelsOf({ ...base, phone: '0912345678' })).toEqual(['SMS']);
    expect(channelsOf(base)).toEqual([]);
    expect(channelsOf({ ...base, phone: '0912345678', email: 'a@b.vn', notify: ['EMAIL', 'ZALO'] })).toEqual(['EMAIL', 'ZALO']);
    expect(channelsOf({ ...base, email: 'a@b.vn', notify: ['SMS', 'EMAIL'] })).toEqual(['EMAIL']);
  });

  it('tell the code and appointment on acceptance, what is missing, the reason, the new appointment, how to collect', () => {
    const accepted = Story.submit({ channel: 'IN_PERSON' }).to('RECEPTION').dossier;
    const acceptedNotice = noticeOf('dossier.accepted', accepted, lookup)!;
    expect(acceptedNotice.text).toContain(accepted.code!);
    expect(acceptedNotice.text).toContain(vietnameseDateTime(accepted.dueAt!));
    expect(acceptedNotice.text).toContain(`Tra cứu: ${lookup}`);
    // Waiting for its fees, a dossier has no appointment yet: the message says when its time starts, never an empty date.
    const unpaid = noticeOf('dossier.accepted', { ...accepted, dueAt: undefined }, lookup)!;
    expect(unpaid.text).toContain('Thời hạn giải quyết được tính từ khi nộp đủ phí, lệ phí.');
    expect(unpaid.text).not.toContain('Hẹn trả kết quả');

    const missing = Story.submit().do(commands.requestSupplement('Thiếu bản sao CCCD'), officials.reception).dossier;
    expect(noticeOf('dossier.supplement-requested', missing, lookup)!.text).toMatch(/cần bổ sung: Bản sao CCCD.*Lý do: Thiếu bản sao CCCD/);

    const refused = Story.submit().do(commands.refuse('Không thuộc thẩm quyền'), officials.reception).dossier;
    expect(noticeOf('dossier.refused', refused, lookup)!.text).toContain('Lý do: Không thuộc thẩm quyền');

    const late = Story.submit().to('APPRAISAL');
    const extended = late.do(commands.extend('2026-03-20T10:00:00+07:00'), officials.head).dossier;
    expect(noticeOf('dossier.extended', extended, lookup)!.text).toContain('Hẹn lại: 20/03/2026 10:00');

    const inPerson = Story.submit({ channel: 'IN_PERSON' }).to('RESULT_READY').dossier;
    expect(noticeOf('dossier.result-ready', inPerson, lookup)!.text).toContain('Bộ phận Một cửa');
    const owing = {
      ...inPerson,
      payment: { status: 'AWAITING' as const, lines: [], total: 8000, collectAt: 'RESULT' as const, requestedAt: inPerson.submittedAt, receipts: [] },
    };
    expect(noticeOf('dossier.payment-requested', owing, lookup)!.text).toMatch(/cần nộp phí, lệ phí: 8\.000 đồng\..*thanh toán trực tuyến tại: /);
    const online = Story.submit().to('RESULT_READY').dossier;
    expect(noticeOf('dossier.result-ready', online, lookup)!.text).toContain(`Xem kết quả điện tử: ${lookup}`);
  });

  it('are none for the steps inside the commune', () => {
    const d = Story.submit().to('REVIEW').dossier;
    for (const type of ['dossier.submitted', 'dossier.received', 'dossier.assigned', 'dossier.proposed', 'dossier.returned'] as const) {
      expect(noticeOf(type, d, lookup), type).toBeUndefined();
    }
  });

  it('each have a term the console names them by', () => {
    expect(NOTIFIED_TYPES.filter((type) => !MESSAGE_TERMS[type])).toEqual([]);
  });

  it('show dates in Vietnam time, however the server is set', () => {
    expect(vietnameseDateTime(new Date(at('2026-02-25T10:00+07:00')).toISOString())).toBe('25/02/2026 10:00');
  });
});
