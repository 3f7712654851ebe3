import { describe, expect, it } from 'vitest';
import { statistics, statisticsCsv, type StatisticsRow } from '../../shared/domain/statistics.js';

const row = (id: string, fields: Partial<StatisticsRow>): StatisticsRow => ({
  id,
  commune: 'H30.01',
  department: 'ECONOMICS',
  procedureRef: { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh' },
  channel: 'IN_PERSON',
  ...fields,
});

// Period: March 2026.
const rows: StatisticsRow[] = [
  row('carried-and-late', {
    acceptedAt: '2026-02-20T09:00:00+07:00',
    closedAt: '2026-03-03T09:00:00+07:00',
    completedAt: '2026-03-03T09:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'LATE',
  }),
  row('early-online', {
    channel: 'ONLINE',
    acceptedAt: '2026-03-02T09:00:00+07:00',
    closedAt: '2026-03-03T09:00:00+07:00',
    completedAt: '2026-03-03T09:00:00+07:00',
    status: 'RESULT_READY',
    timeliness: 'EARLY',
  }),
  row('on-time-postal', {
    channel: 'POSTAL',
    department: 'OFFICE',
    acceptedAt: '2026-03-05T09:00:00+07:00',
    closedAt: '2026-03-10T17:00:00+07:00',
    completedAt: '2026-03-10T17:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'ON_TIME',
  }),
  row('open-overdue', { acceptedAt: '2026-03-20T09:00:00+07:00', status: 'IN_PROCESSING', dueAt: '2026-03-25T09:00:00+07:00' }),
  row('open-on-track', { acceptedAt: '2026-03-30T09:00:00+07:00', status: 'IN_PROCESSING', dueAt: '2026-04-10T09:00:00+07:00' }),
  row('awaiting', {
    acceptedAt: '2026-03-12T09:00:00+07:00',
    status: 'SUPPLEMENT_REQUESTED',
    dueAt: '2026-03-20T09:00:00+07:00',
    pausedAt: '2026-03-13T09:00:00+07:00',
  }),
  row('refused-at-desk', { closedAt: '2026-03-04T09:00:00+07:00', status: 'REFUSED' }),
  row('withdrawn', { acceptedAt: '2026-03-04T09:00:00+07:00', closedAt: '2026-03-06T09:00:00+07:00', status: 'WITHDRAWN' }),
  row('closed-after-period', {
    acceptedAt: '2026-03-31T16:00:00+07:00',
    closedAt: '2026-04-02T09:00:00+07:00',
    completedAt: '2026-04-02T09:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'EARLY',
    dueAt: '2026-04-03T09:00:00+07:00',
  }),
  row('before-period', {
    acceptedAt: '2026-01-05T09:00:00+07:00',
    closedAt: '2026-01-09T09:00:00+07:00',
    completedAt: '2026-01-09T09:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'EARLY',
  }),
];

describe('statistics of a period', () => {
  it('counts carried over, received by channel, completed by timeliness, in progress, supplements, refusals and withdrawals', () => {
    const stats = statistics(rows, '2026-03-01', '2026-03-31', 'commune', { 'H30.01': 'Tân Uyên' });

    expect(stats.lines).toHaveLength(1);
    expect(stats.total).toMatchObject({
      carriedOver: 1,
      received: { online: 1, inPerson: 5, postal: 1, total: 7 },
      completed: { early: 1, onTime: 1, late: 1, total: 3 },
      inProgress: { onTrack: 2, overdue: 1, total: 3 },
      awaitingSupplement: 1,
      refused: 1,
      withdrawn: 1,
      onTimeRate: 0.6667,
    });
    expect(stats.lines[0]).toMatchObject({ group: 'H30.01', name: 'Tân Uyên' });
  });

  it('groups by department and by procedure', () => {
    const byDepartment = statistics(rows, '2026-03-01', '2026-03-31', 'department');
    expect(byDepartment.lines.map((l) => [l.group, l.received.total])).toEqual([
      ['ECONOMICS', 6],
      ['OFFICE', 1],
    ]);
    const byProcedure = statistics(rows, '2026-03-01', '2026-03-31', 'procedure');
    expect(byProcedure.lines[0]).toMatchObject({ group: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh' });
  });

  it('counts a dossier found by several indexes once', () => {
    const twice = [...rows, rows[1]!, rows[3]!];
    expect(statistics(twice, '2026-03-01', '2026-03-31', 'commune').total).toEqual(statistics(rows, '2026-03-01', '2026-03-31', 'commune').total);
  });

  it('writes CSV with a byte-order mark, a header and a total line', () => {
    const csv = statisticsCsv(statistics(rows, '2026-03-01', '2026-03-31', 'department'));
    const lines = csv.slice(1).trimEnd().split('\r\n');

    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(lines[0]).toContain('Tiếp nhận trực tuyến');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^TOTAL,/);
  });
});
