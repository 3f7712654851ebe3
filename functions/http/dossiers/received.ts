import { cursorKey, finder } from '../../../shared/composition/app.js';
import { cursors } from '../../../shared/http/cursor.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { summaryView } from '../../../shared/http/views.js';

/** The dossiers a commune's desk received for other communes of the province, newest first. */
export const handler = httpHandler(routes.received, async ({ actor, params, query }) => {
  const listing = `received:${params.c}`;
  const signed = cursors(await cursorKey(actor.province));
  const page = await finder.receivedForOthers(actor, params.c, query.limit, query.cursor ? signed.decode(listing, query.cursor) : undefined);
  return {
    status: 200,
    body: {
      items: page.items.map(({ summary, standing }) => summaryView(summary, standing)),
      nextCursor: page.next ? signed.encode(listing, page.next) : null,
    },
  };
});
