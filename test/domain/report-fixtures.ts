/** The hand-counted fixtures of the periodic reports, shared by the tests of each way they are computed. */
import type { ServiceIndexRow } from '../../shared/domain/service-index.js';
import type { StatisticsRow } from '../../shared/domain/statistics.js';

const statisticsRow = (id: string, fields: Partial<StatisticsRow>): StatisticsRow => ({
  id,
  commune: 'H30.01',
  department: 'ECONOMICS',
  procedureRef: { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh' },
  channel: 'IN_PERSON',
  ...fields,
});

/** Statistics of March 2026 in one commune, counted by hand in statistics.test.ts. */
export const STATISTICS_FIXTURE: StatisticsRow[] = [
  statisticsRow('carried-and-late', {
    acceptedAt: '2026-02-20T09:00:00+07:00',
    closedAt: '2026-03-03T09:00:00+07:00',
    completedAt: '2026-03-03T09:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'LATE',
  }),
  statisticsRow('early-online', {
    channel: 'ONLINE',
    acceptedAt: '2026-03-02T09:00:00+07:00',
    closedAt: '2026-03-03T09:00:00+07:00',
    completedAt: '2026-03-03T09:00:00+07:00',
    status: 'RESULT_READY',
    timeliness: 'EARLY',
  }),
  statisticsRow('on-time-postal', {
    channel: 'POSTAL',
    department: 'OFFICE',
    acceptedAt: '2026-03-05T09:00:00+07:00',
    closedAt: '2026-03-10T17:00:00+07:00',
    completedAt: '2026-03-10T17:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'ON_TIME',
  }),
  statisticsRow('open-overdue', { acceptedAt: '2026-03-20T09:00:00+07:00', status: 'IN_PROCESSING', dueAt: '2026-03-25T09:00:00+07:00' }),
  statisticsRow('open-on-track', { acceptedAt: '2026-03-30T09:00:00+07:00', status: 'IN_PROCESSING', dueAt: '2026-04-10T09:00:00+07:00' }),
  statisticsRow('awaiting', {
    acceptedAt: '2026-03-12T09:00:00+07:00',
    status: 'SUPPLEMENT_REQUESTED',
    dueAt: '2026-03-20T09:00:00+07:00',
    pausedAt: '2026-03-13T09:00:00+07:00',
  }),
  statisticsRow('refused-at-desk', { closedAt: '2026-03-04T09:00:00+07:00', status: 'REFUSED' }),
  statisticsRow('withdrawn', { acceptedAt: '2026-03-04T09:00:00+07:00', closedAt: '2026-03-06T09:00:00+07:00', status: 'WITHDRAWN' }),
  statisticsRow('closed-after-period', {
    acceptedAt: '2026-03-31T16:00:00+07:00',
    closedAt: '2026-04-02T09:00:00+07:00',
    completedAt: '2026-04-02T09:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'EARLY',
    dueAt: '2026-04-03T09:00:00+07:00',
  }),
  statisticsRow('before-period', {
    acceptedAt: '2026-01-05T09:00:00+07:00',
    closedAt: '2026-01-09T09:00:00+07:00',
    completedAt: '2026-01-09T09:00:00+07:00',
    status: 'RETURNED',
    timeliness: 'EARLY',
  }),
];

/**
 * March 2026 in two communes, counted by hand:
 *
 *   id  commune  channel    accepted          completed (timeliness)   files / result     sync     rating
 *   A   H30.01   ONLINE     01 Mar 00:00      05 Mar (EARLY)           scan               SYNCED   5
 *   B   H30.01   IN_PERSON  03 Mar            10 Mar (LATE)            electronic result  SYNCED   3
 *   C   H30.01   IN_PERSON  20 Mar            —                        —                  FAILED   —
 *   G   H30.01   IN_PERSON  25 Mar            31 Mar 16:59 (ON_TIME)   —                  SYNCED   —
 *   D   H30.02   ONLINE     25 Feb (before)   02 Mar (ON_TIME)         —                  SYNCED   4
 *   E   H30.02   POSTAL     31 Mar 16:59      —                        scan               PENDING  —
 *   F   H30.02   ONLINE     01 Apr 00:00 (after)                       scan               SYNCED   —
 *
 * Fees: A paid online, B in cash, C awaited, G waived, E paid online, F paid online.
 *
 * Received in March: A B C G E = 5; online A = 1; digitised A B E = 3; synced A B G = 3; with
 * something to pay A B C E = 4, paid online A E = 2.
 * Completed in March: A B D G = 4; early or on time A D G = 3; ratings of those 5 + 3 + 4 = 12 over 3.
 */
const indexRow = (id: string, commune: string, fields: Partial<ServiceIndexRow>): ServiceIndexRow => ({
  id,
  commune,
  channel: 'IN_PERSON',
  nationalSync: 'SYNCED',
  ...fields,
});
const rating = (score: number) => ({ score, at: '2026-03-20T09:00:00+07:00' });
const payment = (status: 'AWAITING' | 'PAID' | 'WAIVED', method?: 'CASH' | 'ONLINE'): ServiceIndexRow['payment'] => ({
  status,
  lines: [],
  total: status === 'WAIVED' ? 0 : 50_000,
  collectAt: 'RECEPTION',
  requestedAt: '2026-03-01T00:00:00+07:00',
  ...(method ? { method } : {}),
  receipts: [],
});
const scan = { files: 1, firstAt: '2026-03-01T08:00:00+07:00', lastAt: '2026-03-01T08:00:00+07:00' };

export const SERVICE_INDEX_FIXTURE: ServiceIndexRow[] = [
  indexRow('A', 'H30.01', {
    channel: 'ONLINE',
    acceptedAt: '2026-03-01T00:00:00+07:00',
    completedAt: '2026-03-05T10:00:00+07:00',
    timeliness: 'EARLY',
    digitisation: scan,
    rating: rating(5),
    payment: payment('PAID', 'ONLINE'),
  }),
  indexRow('B', 'H30.01', {
    acceptedAt: '2026-03-03T08:00:00+07:00',
    completedAt: '2026-03-10T10:00:00+07:00',
    timeliness: 'LATE',
    result: { decision: 'APPROVED', note: '', electronic: true },
    rating: rating(3),
    payment: payment('PAID', 'CASH'),
  }),
  indexRow('C', 'H30.01', { acceptedAt: '2026-03-20T08:00:00+07:00', nationalSync: 'FAILED', payment: payment('AWAITING') }),
  indexRow('G', 'H30.01', {
    acceptedAt: '2026-03-25T08:00:00+07:00',
    completedAt: '2026-03-31T16:59:00+07:00',
    timeliness: 'ON_TIME',
    payment: payment('WAIVED'),
  }),
  indexRow('D', 'H30.02', {
    channel: 'ONLINE',
    acceptedAt: '2026-02-25T08:00:00+07:00',
    completedAt: '2026-03-02T10:00:00+07:00',
    timeliness: 'ON_TIME',
    rating: rating(4),
  }),
  indexRow('E', 'H30.02', {
    channel: 'POSTAL',
    acceptedAt: '2026-03-31T16:59:00+07:00',
    digitisation: scan,
    nationalSync: 'PENDING',
    payment: payment('PAID', 'ONLINE'),
  }),
  indexRow('F', 'H30.02', { channel: 'ONLINE', acceptedAt: '2026-04-01T00:00:00+07:00', digitisation: scan, payment: payment('PAID', 'ONLINE') }),
];
