import { collectionsCsv } from '../../../shared/domain/collections.js';
import { reports } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/reports.js';
import { csvAttachment, httpHandler } from '../../../shared/http/handler.js';

/** A commune's fee collections of a period, per day, kind and method; JSON or CSV. */
export const handler = httpHandler(routes.communeCollections, async ({ actor, params, query }) => {
  const collections = await reports.communeCollections(actor, params.c, query);
  if (query.format === 'csv') return csvAttachment(collectionsCsv([collections]), `collections-${params.c}-${query.from}-${query.to}.csv`);
  return { status: 200, body: collections };
});
