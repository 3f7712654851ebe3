import { statisticsCsv } from '../../../shared/domain/statistics.js';
import { reports } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/reports.js';
import { csvAttachment, httpHandler } from '../../../shared/http/handler.js';

/** Province statistics of a period, by commune, department or procedure; JSON or CSV. */
export const handler = httpHandler(routes.statistics, async ({ actor, params, query }) => {
  const stats = await reports.provinceStatistics(actor, params.p, query);
  if (query.format === 'csv') return csvAttachment(statisticsCsv(stats), `statistics-${params.p}-${query.from}-${query.to}-${query.groupBy}.csv`);
  return { status: 200, body: { province: params.p, ...stats } };
});
