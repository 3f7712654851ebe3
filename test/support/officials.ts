import { DEMO_OFFICIALS } from '../../infra/local/seed.js';
import type { Department } from '../../shared/domain/model.js';
import type { apiClient } from './client.js';

/**
 * Tokens of a commune's officials and of a portal, as the local authorizer issues them; `named`:
 * each carrying the seeded official's name, as tokens do since officials are named (without it,
 * as tokens were before).
 */
export async function officials(api: ReturnType<typeof apiClient>, commune = 'H30.01', province = 'LCI', options: { named?: boolean } = {}) {
  const nameOf = (sub: string) => (options.named ? DEMO_OFFICIALS.find((o) => o.sub === sub)?.name : undefined);
  const staff = (sub: string, roles: string[], department?: Department) =>
    api.token({ sub, ...(nameOf(sub) ? { name: nameOf(sub) } : {}), roles, province, commune, ...(department ? { department } : {}) });
  return {
    reception: await staff(`reception@${commune}`, ['RECEPTION']),
    head: {
      OFFICE: await staff(`head-office@${commune}`, ['DEPT_HEAD'], 'OFFICE'),
      ECONOMICS: await staff(`head-economics@${commune}`, ['DEPT_HEAD'], 'ECONOMICS'),
      CULTURE_SOCIETY: await staff(`head-culture@${commune}`, ['DEPT_HEAD'], 'CULTURE_SOCIETY'),
    } as Record<Department, string>,
    specialist: {
      OFFICE: await staff(`specialist-office@${commune}`, ['SPECIALIST'], 'OFFICE'),
      ECONOMICS: await staff(`specialist-economics@${commune}`, ['SPECIALIST'], 'ECONOMICS'),
      CULTURE_SOCIETY: await staff(`specialist-culture@${commune}`, ['SPECIALIST'], 'CULTURE_SOCIETY'),
    } as Record<Department, string>,
    specialistSub: (d: Department) => `specialist-${d === 'CULTURE_SOCIETY' ? 'culture' : d.toLowerCase()}@${commune}`,
    leader: await staff(`leader@${commune}`, ['LEADER']),
    clerk: await staff(`clerk@${commune}`, ['CLERK']),
    portal: await api.token({ sub: 'portal-dvc', roles: ['PORTAL'], province }),
  };
}

export const applicant = {
  name: 'Nguyễn Thị Hoa',
  idNumber: '001199012345',
  phone: '0912345678',
  email: 'hoa.nguyen@example.vn',
  address: 'Bản Nà Pa, xã Tân Uyên',
};

export const newDossier = (procedureCode: string, channel: 'ONLINE' | 'IN_PERSON' | 'POSTAL' = 'IN_PERSON') => ({
  procedureCode,
  channel,
  applicant,
  documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }],
});
