import { reports } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/reports.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** A commune's SLA-breach report of a day (today by default): its leader, department heads and the province read it. */
export const handler = httpHandler(routes.communeSla, async ({ actor, params, query }) => ({
  status: 200,
  body: await reports.communeSla(actor, params.c, query.date),
}));
