import { cursorKey, worklist } from '../../../shared/composition/app.js';
import { cursors } from '../../../shared/http/cursor.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { summaryView } from '../../../shared/http/views.js';

/** A commune's worklist, narrowed by status, step, department, assignee and timeliness. */
export const handler = httpHandler(routes.list, async ({ actor, params, query }) => {
  const { cursor, ...narrowing } = query;
  const signed = cursors(await cursorKey(actor.province));
  const page = await worklist(actor, params.c, narrowing, cursor ? (listing) => signed.decode(listing, cursor) : undefined);
  return {
    status: 200,
    body: {
      items: page.items.map(({ summary, standing }) => summaryView(summary, standing)),
      nextCursor: page.next ? signed.encode(page.listing, { ...page.next }) : null,
    },
  };
});
