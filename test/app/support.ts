/** An application over the in-memory store, with a clock the test moves and a sender it reads. */
import { DEFAULT_OFFICE_HOURS } from '../../shared/domain/calendar.js';
import { OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import type { HandoffMessage } from '../../shared/domain/lifecycle.js';
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
});

export function inMemoryApp(options: { sender?: boolean; failSends?: number } = {}) {
  const store = memoryStore([province()]);
  const clock = { at: at('2026-03-02T08:00+07:00'), now: () => clock.at };
  const sent: HandoffMessage[] = [];
  let failures = options.failSends ?? 0;
  const send = async (message: HandoffMessage) => {
    if (failures > 0) {
      failures--;
      throw new Error('the queue is unreachable');
    }
    sent.push(message);
  };
  const app = createApp({ store, clock, ...(options.sender === false ? {} : { send }) });
  return { app, store, clock, sent };
}

export const newDossier = {
  procedureCode: procedure().code,
  channel: 'IN_PERSON' as const,
  applicant: { name: 'Lò Văn A', idNumber: '012345678901', address: 'Bản Hua Pầu, Tân Uyên' },
  documents: [{ name: 'Giấy đề nghị đăng ký hộ kinh doanh', kind: 'ORIGINAL' as const, count: 1 }],
};
