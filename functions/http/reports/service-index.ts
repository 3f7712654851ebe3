import { serviceIndexCsv } from '../../../shared/domain/service-index.js';
import { reports } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/reports.js';
import { csvAttachment, httpHandler } from '../../../shared/http/handler.js';

/** The service index of a period (Decision 766/QĐ-TTg): each indicator with its numerator and denominator, per commune when asked; JSON or CSV. */
export const handler = httpHandler(routes.serviceIndex, async ({ actor, params, query }) => {
  const index = await reports.serviceIndex(actor, params.p, query);
  if (query.format === 'csv') return csvAttachment(serviceIndexCsv(index), `service-index-${index.commune ?? params.p}-${query.from}-${query.to}.csv`);
  return { status: 200, body: index };
});
