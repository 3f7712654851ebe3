import { describe, expect, it } from 'vitest';
import { INDICATORS, serviceIndex, serviceIndexCsv } from '../../shared/domain/service-index.js';
import { SERVICE_INDEX_FIXTURE as ROWS } from './report-fixtures.js';

describe('the service index of a period', () => {
  it('matches the hand count, province-wide and per commune, a commune without dossiers included', () => {
    // A found twice (by two indexes) counts once.
    const index = serviceIndex([...ROWS, ROWS[0]!], '2026-03-01', '2026-03-31', {
      byCommune: true,
      communes: [
        { code: 'H30.02', name: 'Mường Khoa' },
        { code: 'H30.01', name: 'Tân Uyên' },
        { code: 'H30.03', name: 'Pắc Ta' },
      ],
    });

    expect(index.indicators).toEqual({
      onTime: { numerator: 3, denominator: 4, value: 0.75 },
      online: { numerator: 1, denominator: 5, value: 0.2 },
      onlinePayment: { numerator: 2, denominator: 4, value: 0.5 },
      digitisation: { numerator: 3, denominator: 5, value: 0.6 },
      nationalSync: { numerator: 3, denominator: 5, value: 0.6 },
      satisfaction: { numerator: 12, denominator: 3, value: 4 },
    });
    expect(index.communes).toEqual([
      {
        commune: 'H30.01',
        name: 'Tân Uyên',
        indicators: {
          onTime: { numerator: 2, denominator: 3, value: 0.6667 },
          online: { numerator: 1, denominator: 4, value: 0.25 },
          onlinePayment: { numerator: 1, denominator: 3, value: 0.3333 },
          digitisation: { numerator: 2, denominator: 4, value: 0.5 },
          nationalSync: { numerator: 3, denominator: 4, value: 0.75 },
          satisfaction: { numerator: 8, denominator: 2, value: 4 },
        },
      },
      {
        commune: 'H30.02',
        name: 'Mường Khoa',
        indicators: {
          onTime: { numerator: 1, denominator: 1, value: 1 },
          online: { numerator: 0, denominator: 1, value: 0 },
          onlinePayment: { numerator: 1, denominator: 1, value: 1 },
          digitisation: { numerator: 1, denominator: 1, value: 1 },
          nationalSync: { numerator: 0, denominator: 1, value: 0 },
          satisfaction: { numerator: 4, denominator: 1, value: 4 },
        },
      },
      {
        commune: 'H30.03',
        name: 'Pắc Ta',
        indicators: Object.fromEntries(INDICATORS.map((k) => [k, { numerator: 0, denominator: 0, value: null }])),
      },
    ]);
  });

  it('has no per-commune lines unless asked', () => {
    expect(serviceIndex(ROWS, '2026-03-01', '2026-03-31')).not.toHaveProperty('communes');
  });

  it('is a CSV of one line per scope and indicator, as Excel reads Vietnamese', () => {
    const csv = serviceIndexCsv(serviceIndex(ROWS, '2026-03-01', '2026-03-31', { byCommune: true, communes: [{ code: 'H30.01', name: 'Tân Uyên' }] }));
    const lines = csv.split('\r\n');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(lines).toHaveLength(1 + 2 * INDICATORS.length + 1);
    expect(lines[1]).toBe('TOTAL,,onTime,Tỷ lệ hồ sơ giải quyết đúng hạn,3,4,0.75');
    expect(lines[1 + INDICATORS.length]).toBe('H30.01,Tân Uyên,onTime,Tỷ lệ hồ sơ giải quyết đúng hạn,2,3,0.6667');
    expect(lines.at(-1)).toBe('');
  });
});
