/** An instant written at another offset (a certificate's times are in UTC) as Vietnam's wall clock; a date alone as it is. */
function inVietnam(iso: string): string {
  if (!/T.*(Z|[+-]\d{2}:\d{2})$/.test(iso) || iso.endsWith('+07:00')) return iso;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? iso : new Date(at + 7 * 3600_000).toISOString().replace('Z', '+07:00');
}

/** Dates as the API answers them (ISO 8601 at +07:00), shown as Vietnamese offices write them. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(inVietnam(iso));
  return m ? `${m[3]}/${m[2]}/${m[1]} ${m[4]}:${m[5]}` : iso;
}

export function date(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(inVietnam(iso));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

export const money = (vnd: number) => `${vnd.toLocaleString('vi-VN')} đồng`;

/** Today in Vietnam, YYYY-MM-DD, whatever the browser's zone. */
export function todayInVietnam(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}
