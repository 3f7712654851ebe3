import { describe, expect, it } from 'vitest';
import { formOf } from '../../shared/domain/forms.js';
import { vietQrPayload } from '../../shared/domain/vietqr.js';
import { crc16Ccitt, crcHolds, emvFields } from '../support/emvco.js';
import { commands, officials, procedure, Story } from './fixtures.js';

const account = { bankBin: '970405', accountNumber: '8800201012345', accountName: 'UBND XA TAN UYEN' };

describe('the VietQR of a transfer to a commune', () => {
  const payload = vietQrPayload(account, 150_000, 'H30.01-261205-0007');
  const fields = emvFields(payload);

  it('is a dynamic NAPAS payload: tag 38 with the VietQR id, the BIN and the account', () => {
    expect(fields.get('00')).toBe('01');
    expect(fields.get('01')).toBe('12');
    const merchant = emvFields(fields.get('38')!);
    expect(merchant.get('00')).toBe('A000000727');
    const beneficiary = emvFields(merchant.get('01')!);
    expect(beneficiary.get('00')).toBe(account.bankBin);
    expect(beneficiary.get('01')).toBe(account.accountNumber);
  });

  it('carries the currency, the amount, the country and the dossier code as the purpose', () => {
    expect(fields.get('53')).toBe('704');
    expect(fields.get('54')).toBe('150000');
    expect(fields.get('58')).toBe('VN');
    expect(emvFields(fields.get('62')!).get('08')).toBe('H30.01-261205-0007');
  });

  it('ends with the CRC-16/CCITT of the rest, and one changed character breaks it', () => {
    expect(crcHolds(payload)).toBe(true);
    // The check's own check value (CRC-16/CCITT-FALSE of "123456789").
    expect(crc16Ccitt('123456789')).toBe('29B1');
    expect(crcHolds(payload.replace('150000', '160000'))).toBe(false);
  });

  it('refuses an amount that is no positive whole number of đồng', () => {
    expect(() => vietQrPayload(account, 0, 'H30.01-261205-0007')).toThrow();
    expect(() => vietQrPayload(account, 1.5, 'H30.01-261205-0007')).toThrow();
  });
});

describe('Form 01 with a transfer', () => {
  const transferTo = { account, vietQr: vietQrPayload };
  const fees = [{ code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI' as const, amount: 100_000, collectAt: 'RESULT' as const }];
  const accepted = Story.submit({ procedure: procedure({ fees }) }).do(commands.accept(), officials.reception).dossier;

  it('names the account and the amount due, with its VietQR, when the commune has an account', () => {
    const form = formOf(accepted, '01', { transferTo });
    expect(form).toMatchObject({ transfer: { ...account, amount: 100_000 } });
    const payload = form?.form === '01' ? form.transfer?.vietQr : undefined;
    expect(emvFields(payload!).get('54')).toBe('100000');
  });

  it('has none without an account or with nothing due', () => {
    expect(formOf(accepted, '01')).toMatchObject({ transfer: null });
    expect(formOf({ ...accepted, procedure: { ...accepted.procedure, fees: [] } }, '01', { transferTo })).toMatchObject({ transfer: null });
  });
});
