/**
 * The indicators of the service index (Bộ chỉ số phục vụ người dân, doanh nghiệp, Decision
 * 766/QĐ-TTg) that the dossiers themselves give, for a period of local dates.
 */
import { csvDocument } from './csv.js';
import type { Channel, Dossier } from './model.js';
import type { NationalSyncStatus } from './national-portal.js';
import { addDays, atLocal, parseInstant } from './time.js';

/** What the index needs of a dossier, and its synchronisation with the national portal now. */
export type ServiceIndexRow = Pick<
  Dossier,
  'id' | 'commune' | 'acceptedAt' | 'completedAt' | 'timeliness' | 'digitisation' | 'result' | 'rating' | 'payment'
> & {
  channel: Channel;
  nationalSync: NationalSyncStatus;
};

export const INDICATORS = ['onTime', 'online', 'onlinePayment', 'digitisation', 'nationalSync', 'satisfaction'] as const;
export type IndicatorKey = (typeof INDICATORS)[number];

/** One indicator: its count, what it is counted among, and the share (or, for satisfaction, the average score). */
export interface Indicator {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator, to four decimals; null when the denominator is 0. */
  value: number | null;
}

/** How each indicator is computed, as the contract documents it. */
export const INDICATOR_FORMULAS: Record<IndicatorKey, { name: string; formula: string }> = {
  onTime: {
    name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
    formula: 'dossiers completed in the period (result at the desk) EARLY or ON_TIME ÷ dossiers completed in the period',
  },
  online: { name: 'Tỷ lệ hồ sơ trực tuyến', formula: 'dossiers received (accepted) in the period through channel ONLINE ÷ dossiers received in the period' },
  onlinePayment: {
    name: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
    formula:
      'dossiers received in the period whose fees were paid online (payment method ONLINE, refunded since or not) ÷ dossiers received in the period with something to pay (a payment requested and not waived)',
  },
  digitisation: {
    name: 'Tỷ lệ số hóa hồ sơ, kết quả',
    formula: 'dossiers received in the period with a scanned document (SCAN file) or an electronic result ÷ dossiers received in the period',
  },
  nationalSync: {
    name: 'Tỷ lệ đồng bộ lên Cổng Dịch vụ công quốc gia',
    formula: 'dossiers received in the period that the national portal has in their current state (nationalSync SYNCED) ÷ dossiers received in the period',
  },
  satisfaction: {
    name: 'Mức độ hài lòng',
    formula: 'sum of the ratings (1–5) of the dossiers completed in the period that were rated ÷ number of those ratings: the average score',
  },
};

export type Indicators = Record<IndicatorKey, Indicator>;

export interface ServiceIndexLine {
  commune: string;
  name?: string;
  indicators: Indicators;
}

export interface ServiceIndex {
  from: string;
  to: string;
  indicators: Indicators;
  /** Per commune, when asked. */
  communes?: ServiceIndexLine[];
}

export const ratio = (numerator: number, denominator: number): Indicator => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
});

function indicatorsOf(rows: ServiceIndexRow[], start: number, end: number): Indicators {
  const within = (t?: string) => t !== undefined && parseInstant(t) >= start && parseInstant(t) < end;
  const received = rows.filter((r) => within(r.acceptedAt));
  const completed = rows.filter((r) => within(r.completedAt));
  const rated = completed.filter((r) => r.rating);
  const toPay = received.filter((r) => r.payment && r.payment.status !== 'WAIVED');
  return {
    onTime: ratio(completed.filter((r) => r.timeliness === 'EARLY' || r.timeliness === 'ON_TIME').length, completed.length),
    online: ratio(received.filter((r) => r.channel === 'ONLINE').length, received.length),
    onlinePayment: ratio(toPay.filter((r) => r.payment?.method === 'ONLINE').length, toPay.length),
    digitisation: ratio(received.filter((r) => r.digitisation || r.result?.electronic).length, received.length),
    nationalSync: ratio(received.filter((r) => r.nationalSync === 'SYNCED').length, received.length),
    satisfaction: ratio(
      rated.reduce((sum, r) => sum + r.rating!.score, 0),
      rated.length,
    ),
  };
}

/**
 * The index of [from, to] (local dates, both included), for the rows given and, with `byCommune`,
 * for each commune of `communes` (those with no dossier too). Rows may repeat: each id counts once.
 */
export function serviceIndex(
  rows: ServiceIndexRow[],
  from: string,
  to: string,
  options: { byCommune?: boolean; communes?: { code: string; name?: string }[] } = {},
): ServiceIndex {
  const start = atLocal(from, 0);
  const end = atLocal(addDays(to, 1), 0);
  const unique = [...new Map(rows.map((r) => [r.id, r])).values()];
  return {
    from,
    to,
    indicators: indicatorsOf(unique, start, end),
    ...(options.byCommune
      ? {
          communes: (options.communes ?? [...new Set(unique.map((r) => r.commune))].map((code): { code: string; name?: string } => ({ code })))
            .map(({ code, name }) => ({
              commune: code,
              ...(name ? { name } : {}),
              indicators: indicatorsOf(
                unique.filter((r) => r.commune === code),
                start,
                end,
              ),
            }))
            .sort((a, b) => a.commune.localeCompare(b.commune)),
        }
      : {}),
  };
}

/** The service index as a CSV download, one line per scope and indicator. */
export function serviceIndexCsv(index: ServiceIndex): string {
  const header = [
    'Phạm vi (scope)',
    'Tên (name)',
    'Chỉ số (indicator)',
    'Tên chỉ số (indicator name)',
    'Tử số (numerator)',
    'Mẫu số (denominator)',
    'Giá trị (value)',
  ];
  const lines = [{ commune: 'TOTAL', indicators: index.indicators } as ServiceIndexLine, ...(index.communes ?? [])].flatMap((line) =>
    INDICATORS.map((key) => {
      const i = line.indicators[key];
      return [line.commune, line.name ?? '', key, INDICATOR_FORMULAS[key].name, i.numerator, i.denominator, i.value];
    }),
  );
  return csvDocument(header, lines);
}
