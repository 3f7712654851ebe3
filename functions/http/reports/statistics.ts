import { statisticsCsv } from '../../../shared/domain/statistics.js';
import { reports } from '../../../shared/composition/app.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { provinceParams, statisticsQuery } from '../../../shared/http/schemas.js';

/** Province statistics of a period, by commune, department or procedure; JSON or CSV. */
export const handler = httpHandler({
  params: provinceParams,
  query: statisticsQuery,
  handle: async ({ actor, params, query }) => {
    const stats = await reports.provinceStatistics(actor, params.p, query);
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
