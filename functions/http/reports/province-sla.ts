import { reports } from '../../../shared/composition/app.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { provinceParams, reportDateQuery } from '../../../shared/http/schemas.js';

/** The province roll-up of the day's SLA-breach reports, commune by commune. */
export const handler = httpHandler({
  params: provinceParams,
  query: reportDateQuery,
  handle: async ({ actor, params, query }) => ({ status: 200, body: await reports.provinceSla(actor, params.p, query.date) }),
});
