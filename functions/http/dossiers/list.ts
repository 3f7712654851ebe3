import { worklist } from '../../../shared/composition/app.js';
import type { WorklistPosition } from '../../../shared/app/ports.js';
import { decodeCursor, encodeCursor, loadCursorKey } from '../../../shared/http/cursor.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { communeParams, listQuery } from '../../../shared/http/schemas.js';
import { summaryView } from '../../../shared/http/views.js';

/** A commune's worklist, narrowed by status, step, department, assignee and timeliness. */
export const handler = httpHandler({
  params: communeParams,
  query: listQuery,
  handle: async ({ actor, params, query }) => {
    const { cursor, ...narrowing } = query;
    await loadCursorKey();
    const page = await worklist(actor, params.c, narrowing, cursor ? (listing) => decodeCursor(listing, cursor) as unknown as WorklistPosition : undefined);
    return {
      status: 200,
      body: {
        items: page.items.map(({ summary, standing }) => summaryView(summary, standing)),
        nextCursor: page.next ? encodeCursor(page.listing, { ...page.next }) : null,
      },
    };
  },
});
