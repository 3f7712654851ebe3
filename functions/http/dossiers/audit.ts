import { audit, cursorKey } from '../../../shared/composition/app.js';
import { cursors } from '../../../shared/http/cursor.js';
import { routes } from '../../../shared/http/api/dossiers.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { badRequest } from '../../../shared/http/problem.js';

/** A dossier's access trail (who read or changed it, when, from where), for the provincial inspector and the commune leader. */
export const handler = httpHandler(routes.audit, async ({ actor, params, query, requestContext }) => {
  const signed = cursors(await cursorKey(actor.province));
  const listing = `audit:${params.c}:${params.id}`;
  const after = query.cursor ? signed.decode(listing, query.cursor).after : undefined;
  if (after !== undefined && typeof after !== 'string') throw badRequest('the cursor is not valid');
  const page = await audit.trail(actor, requestContext, params.c, params.id, query.limit, after);
  return { status: 200, body: { items: page.items, nextCursor: page.next ? signed.encode(listing, { after: page.next }) : null } };
});
