import { localDate } from './time.js';

/**
 * Dossier code (mã hồ sơ), Circular 01/2018/TT-VPCP Art. 19: `<unit code>-<YYMMDD>-<NNNN>`,
 * NNNN being the receiving unit's sequence of the day.
 */
export function dossierCode(unit: string, at: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9999) {
    throw new RangeError(`daily sequence out of range: ${sequence}`);
  }
  return `${unit}-${codeDay(at)}-${String(sequence).padStart(4, '0')}`;
}

/** YYMMDD of the local day in Vietnam: the key of the daily sequence. */
export function codeDay(at: number): string {
  return localDate(at).slice(2).replaceAll('-', '');
}

export const DOSSIER_CODE = /^[A-Za-z0-9.]+-\d{6}-\d{4}$/;
