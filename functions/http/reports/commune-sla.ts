import { reports } from '../../../shared/composition/app.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { communeParams, reportDateQuery } from '../../../shared/http/schemas.js';

/** A commune's SLA-breach report of a day (today by default): its leader, department heads and the province read it. */
export const handler = httpHandler({
  params: communeParams,
  query: reportDateQuery,
  handle: async ({ actor, params, query }) => ({ status: 200, body: await reports.communeSla(actor, params.c, query.date) }),
});
