import { describe, expect, it } from 'vitest';
import { statistics, statisticsCsv } from '../../shared/domain/statistics.js';
import { STATISTICS_FIXTURE as rows } from './report-fixtures.js';

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
