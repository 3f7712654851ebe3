/**
 * The VietQR of a commune's collection account: the NAPAS EMVCo payload a banking app reads to
 * fill in a transfer (tag 38 with A000000727, the bank's BIN and the account; 53 = 704; 54 the
 * amount; 58 = VN; 62/08 the dossier code; 63 the CRC-16/CCITT), built by `vietnam-qr-pay`.
 * Nothing confirms a transfer automatically: the desk confirms it with the bank's reference.
 */
import { QRPay } from 'vietnam-qr-pay';
import type { CollectionAccount } from './model.js';

/** The payload of a transfer of `amount` VND to the account, its purpose the dossier code. */
export function vietQrPayload(account: CollectionAccount, amount: number, dossierCode: string): string {
  if (!Number.isInteger(amount) || amount <= 0) throw new Error('a VietQR transfer is of a positive whole amount of VND');
  return QRPay.initVietQR({ bankBin: account.bankBin, bankNumber: account.accountNumber, amount: String(amount), purpose: dossierCode }).build();
}
