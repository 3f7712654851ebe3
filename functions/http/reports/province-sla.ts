import { reports } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/reports.js';
import { httpHandler } from '../../../shared/http/handler.js';

/** The province roll-up of the day's SLA-breach reports, commune by commune. */
export const handler = httpHandler(routes.provinceSla, async ({ actor, params, query }) => ({
  status: 200,
  body: await reports.provinceSla(actor, params.p, query.date, { cursor: query.cursor, limit: query.limit }),
}));
