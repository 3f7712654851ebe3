import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The secret a citizen uses with the dossier code for the public lookup: derived from the
 * dossier id with the province's lookup key (HMAC-SHA256, 96 bits kept), so the receipt can
 * be printed again at any time while the dossier stores only its hash and nothing stores it in
 * clear. Dossiers made before it carry a random secret: their hash does not match the derived one.
 */
export const lookupSecretOf = (key: string, dossierId: string): string =>
  createHmac('sha256', key).update(`lookup-secret:${dossierId}`).digest().subarray(0, 12).toString('base64url');

/** A phone number as the desk may type it (+84…, 84…, 0…) in one form: its national 0… digits. */
export const normalisedPhone = (phone: string): string => {
  const digits = phone.replace(/\D/g, '');
  return digits.startsWith('84') && digits.length >= 11 ? `0${digits.slice(2)}` : digits;
};

/**
 * What the search finds an applicant by: an HMAC of their ID number or phone under the
 * province's key, so an index holds neither in clear and nobody without the key can test a
 * number against it. 128 bits of it are kept (22 characters in the dossier's index key): two
 * applicants of a commune sharing a key would take some 2^64 of them.
 */
export const applicantKeyOf = (key: string, kind: 'idNumber' | 'phone', value: string): string =>
  createHmac('sha256', key)
    .update(`applicant-${kind}:${kind === 'phone' ? normalisedPhone(value) : value.trim()}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');

/** The search keys of an applicant. */
export const applicantKeysOf = (key: string, applicant: { idNumber: string; phone?: string }): { idNumber: string; phone?: string } => ({
  idNumber: applicantKeyOf(key, 'idNumber', applicant.idNumber),
  ...(applicant.phone ? { phone: applicantKeyOf(key, 'phone', applicant.phone) } : {}),
});

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Constant-time comparison of a given secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(sha256(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** JSON with sorted keys, so equal bodies hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A secret kept encrypted (AES-256-GCM) under a key of its own, bound to what it belongs to
 * (`context`): the stored text is useless without the key item, and a sealed value copied to
 * another item does not open there.
 */
export function sealSecret(key: string, context: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64url'), iv);
  cipher.setAAD(Buffer.from(context));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64url')}.${sealed.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
}

export function openSecret(key: string, context: string, stored: string): string {
  const [version, iv = '', sealed = '', tag = ''] = stored.split('.');
  if (version !== 'v1') throw new Error('an unknown sealed secret format');
  const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64url'), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
}
