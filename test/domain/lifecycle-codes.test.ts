import { describe, expect, it } from 'vitest';
import { codeDay, dossierCode, DOSSIER_CODE } from '../../shared/domain/codes.js';
import { STATUSES, STEPS, type Dossier, type Status, type Step } from '../../shared/domain/model.js';
import { nationalStatus } from '../../shared/domain/national-status.js';
import { at } from './fixtures.js';
import { scenarios, stateOf } from './lifecycle-table.js';

// ---------------------------------------------------------------------------------------------
// National status and dossier codes
// ---------------------------------------------------------------------------------------------

describe('national status codes (§4)', () => {
  const table: [Status, Step | undefined, number][] = [
    ['SUBMITTED', undefined, 1],
    ['IN_PROCESSING', 'RECEPTION', 2],
    ['REFUSED', undefined, 3],
    ['IN_PROCESSING', 'ASSIGNMENT', 4],
    ['IN_PROCESSING', 'APPRAISAL', 4],
    ['IN_PROCESSING', 'REVIEW', 4],
    ['IN_PROCESSING', 'APPROVAL', 4],
    ['IN_PROCESSING', 'ISSUANCE', 4],
    ['SUPPLEMENT_REQUESTED', undefined, 5],
    ['AWAITING_PAYMENT', undefined, 6],
    ['WITHDRAWN', undefined, 8],
    ['RESULT_READY', undefined, 9],
    ['RETURNED', undefined, 10],
  ];

  it.each(table)('%s at step %s is %i', (status, step, code) => {
    expect(nationalStatus(status, step)).toBe(code);
  });

  it('does not depend on the step outside IN_PROCESSING, and never answers 7', () => {
    for (const status of STATUSES.filter((s) => s !== 'IN_PROCESSING')) {
      const codes = new Set([undefined, ...STEPS].map((step) => nationalStatus(status, step)));
      expect(codes.size, status).toBe(1);
    }
    const all = new Set(STATUSES.flatMap((status) => [undefined, ...STEPS].map((step) => nationalStatus(status, step))));
    expect([...all].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10]);
  });

  it('is right for the dossier of every scenario of the matrix', () => {
    const byState = (d: Dossier): number => {
      const s = stateOf(d);
      if (s === 'IN_PROCESSING/RECEPTION') return 2;
      if (s.startsWith('IN_PROCESSING/')) return 4;
      if (s.startsWith('SUPPLEMENT_REQUESTED')) return 5;
      const codes: Record<string, number> = { SUBMITTED: 1, AWAITING_PAYMENT: 6, REFUSED: 3, WITHDRAWN: 8, RESULT_READY: 9, RETURNED: 10 };
      return codes[s.split(',')[0]!]!;
    };
    for (const [name, story] of scenarios()) expect(nationalStatus(story.dossier.status, story.dossier.step), name).toBe(byState(story.dossier));
  });
});

describe('dossier codes (Circular 01/2018 Art. 19)', () => {
  const friday = at('2026-02-13T10:00+07:00');

  it('formats <unit>-<YYMMDD>-<NNNN> with the sequence padded to four digits', () => {
    expect(dossierCode('H30.01', friday, 7)).toBe('H30.01-260213-0007');
    expect(dossierCode('H30.01', friday, 1)).toBe('H30.01-260213-0001');
    expect(dossierCode('H30.01', friday, 42)).toBe('H30.01-260213-0042');
    expect(dossierCode('H30.01', friday, 9999)).toBe('H30.01-260213-9999');
    expect(DOSSIER_CODE.test(dossierCode('000.00.00.H30', friday, 12))).toBe(true);
    expect(DOSSIER_CODE.test('H30.01-260213-007')).toBe(false);
    expect(DOSSIER_CODE.test('H30.01-2602130-0007')).toBe(false);
  });

  it.each([0, -1, 10_000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses the daily sequence %s with a RangeError', (sequence) => {
    expect(() => dossierCode('H30.01', friday, sequence)).toThrow(RangeError);
  });

  it('takes the day in Vietnam time, not UTC', () => {
    // 23:30 in Hà Nội is 16:30 UTC the same day; 00:30 in Hà Nội is still the 12th in UTC.
    const lateEvening = at('2026-02-13T23:30+07:00');
    const earlyMorning = at('2026-02-13T00:30+07:00');
    expect(new Date(lateEvening).toISOString().slice(0, 10)).toBe('2026-02-13');
    expect(codeDay(lateEvening)).toBe('260213');
    expect(new Date(earlyMorning).toISOString().slice(0, 10)).toBe('2026-02-12');
    expect(codeDay(earlyMorning)).toBe('260213');
    expect(codeDay(at('2026-02-13T17:00:00Z'))).toBe('260214'); // midnight in Vietnam
    expect(codeDay(at('2026-02-13T16:59:59Z'))).toBe('260213');
    expect(dossierCode('H30.01', at('2025-12-31T23:59+07:00'), 1)).toBe('H30.01-251231-0001');
  });
});
