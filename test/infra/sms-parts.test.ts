import { describe, expect, it } from 'vitest';
import { smsPartsOf } from '../../scripts/lib/sms.js';

describe('SMS parts the cost estimate counts', () => {
  it('are 160 GSM characters or 70 UCS-2 ones in one part, 153 or 67 a part when split', () => {
    expect([smsPartsOf('a'.repeat(160)), smsPartsOf('a'.repeat(161)), smsPartsOf('a'.repeat(306)), smsPartsOf('a'.repeat(307))]).toEqual([1, 2, 2, 3]);
    expect([smsPartsOf('ệ'.repeat(70)), smsPartsOf('ệ'.repeat(71)), smsPartsOf('ệ'.repeat(134)), smsPartsOf('ệ'.repeat(135))]).toEqual([1, 2, 2, 3]);
    // One Vietnamese letter makes the whole text UCS-2; GSM's extension characters count twice.
    expect(smsPartsOf(`Hồ sơ ${'a'.repeat(80)}`)).toBe(2);
    expect(smsPartsOf('€'.repeat(80))).toBe(1);
    expect(smsPartsOf('€'.repeat(81))).toBe(2);
  });
});
