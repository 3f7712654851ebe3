import { collectionsCsv } from '../../../shared/domain/collections.js';
import { reports } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/reports.js';
import { csvAttachment, httpHandler } from '../../../shared/http/handler.js';

/** The province's fee collections of a period, commune by commune; JSON or CSV. */
export const handler = httpHandler(routes.provinceCollections, async ({ actor, params, query }) => {
  const collections = await reports.provinceCollections(actor, params.p, query);
  if (query.format === 'csv') return csvAttachment(collectionsCsv(collections.communes), `collections-${params.p}-${query.from}-${query.to}.csv`);
  return { status: 200, body: collections };
});
