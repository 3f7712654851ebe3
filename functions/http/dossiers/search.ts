import { audit, cursorKey, finder } from '../../../shared/composition/app.js';
import { searchAction, type SearchQuery } from '../../../shared/app/search.js';
import { cursors } from '../../../shared/http/cursor.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { summaryView } from '../../../shared/http/views.js';

/**
 * The desk's search by dossier code, ID number or phone (exact match). Each dossier found is a
 * read of its applicant's data: it goes on that dossier's access trail.
 */
export const handler = httpHandler(
  routes.search,
  async ({ actor, params, body }) => {
    const { cursor, limit, code, idNumber, phone } = body;
    const query: SearchQuery = code !== undefined ? { code } : idNumber !== undefined ? { idNumber } : { phone: phone! };
    const signed = cursors(await cursorKey(actor.province));
    const page = await finder.search(actor, params.c, query, limit, cursor ? (listing) => signed.decode(listing, cursor) : undefined);
    return {
      status: 200,
      body: {
        items: page.items.map(({ summary, standing }) => summaryView(summary, standing)),
        nextCursor: page.next ? signed.encode(page.listing, page.next) : null,
      },
      accessed: page.items.map(({ summary }) => ({ dossier: { commune: summary.commune, id: summary.id }, action: searchAction(query) })),
    };
  },
  { trail: audit },
);
