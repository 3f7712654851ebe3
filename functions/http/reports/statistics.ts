import { statistics, statisticsCsv } from '../../../shared/domain/statistics.js';
import { localDate } from '../../../shared/domain/time.js';
import { clock } from '../../../shared/adapters/clock.js';
import { statisticsRows } from '../../../shared/adapters/reports.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { provinceFor } from '../../../shared/http/province.js';
import { provinceParams, statisticsQuery } from '../../../shared/http/schemas.js';

const DEPARTMENT_NAMES: Record<string, string> = {
  OFFICE: 'Văn phòng HĐND và UBND',
  ECONOMICS: 'Phòng Kinh tế',
  CULTURE_SOCIETY: 'Phòng Văn hóa – Xã hội',
};

/** Province statistics of a period, by commune, department or procedure; JSON or CSV. */
export const handler = httpHandler({
  params: provinceParams,
  query: statisticsQuery,
  handle: async ({ actor, params, query }) => {
    const config = await provinceFor(actor, params.p);
    const today = localDate(clock.now());
    const rows = (await Promise.all(config.communes.map((c) => statisticsRows(c.code, query.from, query.to, today)))).flat();
    const names = { ...DEPARTMENT_NAMES, ...Object.fromEntries(config.communes.map((c) => [c.code, c.name])) };
    const stats = statistics(rows, query.from, query.to, query.groupBy, names);
    if (query.format === 'csv') {
      return {
        status: 200,
        body: statisticsCsv(stats),
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="statistics-${params.p}-${query.from}-${query.to}-${query.groupBy}.csv"`,
        },
      };
    }
    return { status: 200, body: { province: params.p, ...stats } };
  },
});
