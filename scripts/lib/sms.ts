/**
 * How many message parts an SMS text is billed as: GSM 7-bit text fits 160 characters in one part
 * (153 a part when split), anything else — Vietnamese with its diacritics — is sent as UCS-2, 70
 * characters in one part (67 a part when split).
 */
const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM_EXTENDED = new Set('^{}\\[~]|€');

export function smsPartsOf(text: string): number {
  const chars = [...text];
  if (chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENDED.has(c))) {
    const septets = chars.reduce((n, c) => n + (GSM_EXTENDED.has(c) ? 2 : 1), 0);
    return septets <= 160 ? 1 : Math.ceil(septets / 153);
  }
  // UCS-2 counts UTF-16 code units.
  const units = text.length;
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
