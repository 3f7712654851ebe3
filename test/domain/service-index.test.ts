import { describe, expect, it } from 'vitest';
import { INDICATORS, serviceIndex, serviceIndexCsv, type ServiceIndexRow } from '../../shared/domain/service-index.js';

/**
 * March 2026 in two communes, counted by hand:
 *
 *   id  commune  channel    accepted          completed (timeliness)   files / result     sync     rating
 *   A   H30.01   ONLINE     01 Mar 00:00      05 Mar (EARLY)           scan               SYNCED   5
 *   B   H30.01   IN_PERSON  03 Mar            10 Mar (LATE)            electronic result  SYNCED   3
 *   C   H30.01   IN_PERSON  20 Mar            —                        —                  FAILED   —
 *   G   H30.01   IN_PERSON  25 Mar            31 Mar 16:59 (ON_TIME)   —                  SYNCED   —
 *   D   H30.02   ONLINE     25 Feb (before)   02 Mar (ON_TIME)         —                  SYNCED   4
 *   E   H30.02   POSTAL     31 Mar 16:59      —                        scan               PENDING  —
 *   F   H30.02   ONLINE     01 Apr 00:00 (after)                       scan               SYNCED   —
 *
 * Fees: A paid online, B in cash, C awaited, G waived, E paid online, F paid online.
 *
 * Received in March: A B C G E = 5; online A = 1; digitised A B E = 3; synced A B G = 3; with
 * something to pay A B C E = 4, paid online A E = 2.
 * Completed in March: A B D G = 4; early or on time A D G = 3; ratings of those 5 + 3 + 4 = 12 over 3.
 */
const row = (id: string, commune: string, fields: Partial<ServiceIndexRow>): ServiceIndexRow => ({
  id,
  commune,
  channel: 'IN_PERSON',
  nationalSync: 'SYNCED',
  ...fields,
});
const rating = (score: number) => ({ score, at: '2026-03-20T09:00:00+07:00' });
const payment = (status: 'AWAITING' | 'PAID' | 'WAIVED', method?: 'CASH' | 'ONLINE'): ServiceIndexRow['payment'] => ({
  status,
  lines: [],
  total: status === 'WAIVED' ? 0 : 50_000,
  collectAt: 'RECEPTION',
  requestedAt: '2026-03-01T00:00:00+07:00',
  ...(method ? { method } : {}),
  receipts: [],
});
const scan = { files: 1, firstAt: '2026-03-01T08:00:00+07:00', lastAt: '2026-03-01T08:00:00+07:00' };

const ROWS: ServiceIndexRow[] = [
  row('A', 'H30.01', {
    channel: 'ONLINE',
    acceptedAt: '2026-03-01T00:00:00+07:00',
    completedAt: '2026-03-05T10:00:00+07:00',
    timeliness: 'EARLY',
    digitisation: scan,
    rating: rating(5),
    payment: payment('PAID', 'ONLINE'),
  }),
  row('B', 'H30.01', {
    acceptedAt: '2026-03-03T08:00:00+07:00',
    completedAt: '2026-03-10T10:00:00+07:00',
    timeliness: 'LATE',
    result: { decision: 'APPROVED', note: '', electronic: true },
    rating: rating(3),
    payment: payment('PAID', 'CASH'),
  }),
  row('C', 'H30.01', { acceptedAt: '2026-03-20T08:00:00+07:00', nationalSync: 'FAILED', payment: payment('AWAITING') }),
  row('G', 'H30.01', {
    acceptedAt: '2026-03-25T08:00:00+07:00',
    completedAt: '2026-03-31T16:59:00+07:00',
    timeliness: 'ON_TIME',
    payment: payment('WAIVED'),
  }),
  row('D', 'H30.02', {
    channel: 'ONLINE',
    acceptedAt: '2026-02-25T08:00:00+07:00',
    completedAt: '2026-03-02T10:00:00+07:00',
    timeliness: 'ON_TIME',
    rating: rating(4),
  }),
  row('E', 'H30.02', {
    channel: 'POSTAL',
    acceptedAt: '2026-03-31T16:59:00+07:00',
    digitisation: scan,
    nationalSync: 'PENDING',
    payment: payment('PAID', 'ONLINE'),
  }),
  row('F', 'H30.02', { channel: 'ONLINE', acceptedAt: '2026-04-01T00:00:00+07:00', digitisation: scan, payment: payment('PAID', 'ONLINE') }),
];

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
