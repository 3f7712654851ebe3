import { officials } from '../../../shared/composition/officials.js';
import { routes } from '../../../shared/http/api/officials.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The province's officials, a page of the user pool at a time. */
export const handler = httpHandler(routes.list, async ({ actor, params, query }) => {
  const page = await officials.list(actor, params.p, query.limit, query.cursor);
  return { status: 200, body: { items: page.items, nextCursor: page.next ?? null } };
});
