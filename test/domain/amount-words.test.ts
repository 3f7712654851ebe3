import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountInWords } from '../../shared/domain/amount-words.js';

describe('an amount in Vietnamese words', () => {
  it.each([
    [0, 'Không đồng'],
    [5, 'Năm đồng'],
    [10, 'Mười đồng'],
    [11, 'Mười một đồng'],
    [15, 'Mười lăm đồng'],
    [21, 'Hai mươi mốt đồng'],
    [24, 'Hai mươi bốn đồng'],
    [25, 'Hai mươi lăm đồng'],
    [55, 'Năm mươi lăm đồng'],
    [100, 'Một trăm đồng'],
    [105, 'Một trăm linh năm đồng'],
    [110, 'Một trăm mười đồng'],
    [115, 'Một trăm mười lăm đồng'],
    [1_005, 'Một nghìn không trăm linh năm đồng'],
    [1_010, 'Một nghìn không trăm mười đồng'],
    [8_000, 'Tám nghìn đồng'],
    [25_000, 'Hai mươi lăm nghìn đồng'],
    [62_500, 'Sáu mươi hai nghìn năm trăm đồng'],
    [75_000, 'Bảy mươi lăm nghìn đồng'],
    [100_000, 'Một trăm nghìn đồng'],
    [125_000, 'Một trăm hai mươi lăm nghìn đồng'],
    [1_000_000, 'Một triệu đồng'],
    [1_000_500, 'Một triệu năm trăm đồng'],
    [2_500_000, 'Hai triệu năm trăm nghìn đồng'],
    [10_050_000, 'Mười triệu không trăm năm mươi nghìn đồng'],
    [1_000_000_000, 'Một tỷ đồng'],
    [1_000_000_001, 'Một tỷ không trăm linh một đồng'],
    [3_021_000_000, 'Ba tỷ không trăm hai mươi mốt triệu đồng'],
    [1_000_000_000_000, 'Một nghìn tỷ đồng'],
    [1_500_000_000_000, 'Một nghìn năm trăm tỷ đồng'],
  ])('%i đồng: %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('refuses what is no whole amount', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => amountInWords(bad)).toThrow(RangeError);
  });

  const VOCABULARY = new Set([
    'không',
    'một',
    'mốt',
    'hai',
    'ba',
    'bốn',
    'năm',
    'lăm',
    'sáu',
    'bảy',
    'tám',
    'chín',
    'mười',
    'mươi',
    'trăm',
    'linh',
    'nghìn',
    'triệu',
    'tỷ',
    'đồng',
  ]);

  it('reads any amount with its words only, once spaced, capitalised, ending in đồng, and fast', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        const text = amountInWords(n);
        expect(text).toMatch(/^[A-ZĐÂÊÔƠƯĂ][^ ]*( [^ ]+)* đồng$/u);
        expect(
          text
            .toLocaleLowerCase('vi')
            .split(' ')
            .every((w) => VOCABULARY.has(w)),
        ).toBe(true);
        // "không" only where a place is empty: never at the end of a group nor before "mươi".
        expect(text).not.toMatch(/không (mươi|nghìn|triệu|tỷ|đồng)/);
      }),
      { numRuns: 2000 },
    );
    const start = performance.now();
    for (let n = 0; n < 100_000; n++) amountInWords(n * 997);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('gives different amounts different words', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat({ max: 10_000_000 }), { minLength: 2, maxLength: 200 }), (amounts) => {
        expect(new Set(amounts.map(amountInWords)).size).toBe(amounts.length);
      }),
    );
    const all = new Set(Array.from({ length: 100_000 }, (_, n) => amountInWords(n)));
    expect(all.size).toBe(100_000);
  });
});
