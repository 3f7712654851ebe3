/** The application as production builds it (shared/app/index.ts createApp), over the in-memory store, with a clock the test moves and the hand-overs its stored changes make. */
import { DEFAULT_OFFICE_HOURS } from '../../shared/domain/calendar.js';
import { OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import { handoffMade, type HandoffMessage } from '../../shared/domain/lifecycle.js';
import type { ProvinceConfig } from '../../shared/domain/province.js';
import { logger } from '../../shared/observability/logger.js';
import { createApp } from '../../shared/app/index.js';
import { memoryStore } from '../support/memory-store.js';
import { at, COMMUNE, procedure, PROVINCE } from '../domain/fixtures.js';

logger.setLogLevel('SILENT');

export const province = (): ProvinceConfig => ({
  code: PROVINCE,
  name: 'Lai Châu',
  officeHours: DEFAULT_OFFICE_HOURS,
  communes: [
    { code: COMMUNE, province: PROVINCE, name: 'Tân Uyên' },
    { code: 'H30.02', province: PROVINCE, name: 'Mường Khoa' },
  ],
  calendars: OFFICIAL_CALENDARS,
  procedures: [procedure()],
  overrides: [],
});

/** Where the app's links to the citizen's page point. */
export const PUBLIC_ORIGIN = 'https://motcua.laichau.gov.vn';

export function inMemoryApp() {
  const store = memoryStore([province()]);
  const clock = { at: at('2026-03-02T08:00+07:00'), now: () => clock.at };
  // What the table's stream consumer would send: the hand-over each stored change made.
  const sent: HandoffMessage[] = [];
  const save = store.saveDossier.bind(store);
  store.saveDossier = async (d, expected) => {
    const before = store.dossiers.get(`${d.commune}/${d.id}`);
    await save(d, expected);
    const handoff = handoffMade(before, d);
    if (handoff) sent.push(handoff);
  };
  const app = createApp(store, clock, () => PUBLIC_ORIGIN);
  return { app, store, clock, sent };
}

export const newDossier = {
  procedureCode: procedure().code,
  channel: 'IN_PERSON' as const,
  applicant: { name: 'Lò Văn A', idNumber: '012345678901', address: 'Bản Hua Pầu, Tân Uyên' },
  documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL' as const, count: 1 }],
};
