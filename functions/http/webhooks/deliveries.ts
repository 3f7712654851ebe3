import { cursorKey } from '../../../shared/composition/app.js';
import { registry } from '../../../shared/composition/webhooks.js';
import { cursors } from '../../../shared/http/cursor.js';
import { routes } from '../../../shared/http/api/webhooks.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** A webhook's latest deliveries, newest event first: status, attempts, the receiver's last answer. */
export const handler = httpHandler(routes.deliveries, async ({ actor, params, query }) => {
  const signed = cursors(await cursorKey(params.p));
  const listing = `deliveries:${params.p}:${actor.sub}:${params.name}`;
  const from = query.cursor ? signed.decode(listing, query.cursor) : undefined;
  const page = await registry.deliveries(actor, params.p, params.name, query.limit, from);
  return { status: 200, body: { items: page.items, nextCursor: page.next ? signed.encode(listing, page.next) : null } };
});
