/**
 * An EMVCo merchant-presented QR payload read field by field (two-digit id, two-digit length,
 * value), and its CRC-16/CCITT-FALSE computed here rather than by the library that wrote it.
 */
export function emvFields(payload: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (let at = 0; at < payload.length;) {
    const id = payload.slice(at, at + 2);
    const length = Number(payload.slice(at + 2, at + 4));
    if (!/^\d{2}$/.test(id) || !Number.isInteger(length)) throw new Error(`not an EMVCo field at ${at}: ${payload.slice(at)}`);
    fields.set(id, payload.slice(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return fields;
}

/** CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) of the UTF-8 bytes, as four upper-case hex digits. */
export function crc16Ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

/** Whether the payload's field 63 is the CRC of everything before its value (its id and length included). */
export const crcHolds = (payload: string): boolean => crc16Ccitt(payload.slice(0, -4)) === payload.slice(-4) && payload.slice(-8, -4) === '6304';
