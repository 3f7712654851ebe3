import { judgedAt, standingOf } from '../../../shared/domain/deadlines.js';
import { parseInstant } from '../../../shared/domain/time.js';
import { clock } from '../../../shared/adapters/clock.js';
import { listDossiers, type DossierSummary, type WorklistPosition } from '../../../shared/adapters/repository.js';
import { decodeCursor, encodeCursor } from '../../../shared/http/cursor.js';
import { canonicalJson } from '../../../shared/http/secrets.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { communeParams, listQuery } from '../../../shared/http/schemas.js';
import { calendarOf, communeFor } from '../../../shared/http/tenancy.js';
import { summaryView } from '../../../shared/http/views.js';

/** A commune's worklist, narrowed by status, step, department, assignee and timeliness. */
export const handler = httpHandler({
  params: communeParams,
  query: listQuery,
  handle: async ({ actor, params, query }) => {
    const { config } = await communeFor(actor, params.c);
    const staff = actor.roles.some((r) => r !== 'PORTAL');
    const filter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.step ? { step: query.step } : {}),
      ...(query.department ? { department: query.department } : {}),
      ...(query.assignee ? { assignee: query.assignee } : {}),
      ...(staff ? {} : { submittedBy: actor.sub }),
    };
    // A cursor continues only the list it was made for: this commune, these filters.
    const listing = `${params.c}|${canonicalJson(filter)}`;
    const page = await listDossiers(
      params.c,
      filter,
      query.limit,
      query.cursor ? (decodeCursor(listing, query.cursor) as unknown as WorklistPosition) : undefined,
    );
    const calendar = calendarOf(config);
    const now = clock.now();
    const standing = (s: DossierSummary) =>
      s.timeliness ??
      (s.dueAt && !['REFUSED', 'WITHDRAWN', 'RETURNED'].includes(s.status)
        ? standingOf(calendar, judgedAt(now, s.pausedAt), parseInstant(s.dueAt))
        : undefined);
    const items = page.items.filter((s) => !query.timeliness || standing(s) === query.timeliness).map(summaryView);
    return { status: 200, body: { items, nextCursor: page.next ? encodeCursor(listing, { ...page.next }) : null } };
  },
});
