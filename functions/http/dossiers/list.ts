import { standingOf } from '../../../shared/domain/deadlines.js';
import { parseInstant } from '../../../shared/domain/time.js';
import { clock } from '../../../shared/adapters/clock.js';
import { listDossiers, type DossierSummary, type WorklistPosition } from '../../../shared/adapters/repository.js';
import { decodeCursor, encodeCursor } from '../../../shared/http/cursor.js';
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
    const page = await listDossiers(
      params.c,
      {
        ...(query.status ? { status: query.status } : {}),
        ...(query.step ? { step: query.step } : {}),
        ...(query.department ? { department: query.department } : {}),
        ...(query.assignee ? { assignee: query.assignee } : {}),
        ...(staff ? {} : { submittedBy: actor.sub }),
      },
      query.limit,
      query.cursor ? (decodeCursor(params.c, query.cursor) as unknown as WorklistPosition) : undefined,
    );
    const calendar = calendarOf(config);
    const now = clock.now();
    const standing = (s: DossierSummary) =>
      s.timeliness ?? (s.dueAt && !['REFUSED', 'WITHDRAWN', 'RETURNED'].includes(s.status) ? standingOf(calendar, now, parseInstant(s.dueAt)) : undefined);
    const items = page.items.filter((s) => !query.timeliness || standing(s) === query.timeliness).map(summaryView);
    return { status: 200, body: { items, nextCursor: page.next ? encodeCursor(params.c, { ...page.next }) : null } };
  },
});
