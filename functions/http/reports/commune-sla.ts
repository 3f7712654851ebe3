import { localDate } from '../../../shared/domain/time.js';
import { clock } from '../../../shared/adapters/clock.js';
import { getSlaReport } from '../../../shared/adapters/reports.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { forbidden, notFound } from '../../../shared/http/problem.js';
import { PROVINCE_ROLES } from '../../../shared/domain/model.js';
import { communeParams, reportDateQuery } from '../../../shared/http/schemas.js';
import { communeFor } from '../../../shared/http/tenancy.js';

/** A commune's SLA-breach report of a day (today by default): its leader, department heads and the province read it. */
export const handler = httpHandler({
  params: communeParams,
  query: reportDateQuery,
  handle: async ({ actor, params, query }) => {
    if (!actor.roles.some((r) => r === 'LEADER' || r === 'DEPT_HEAD' || PROVINCE_ROLES.includes(r))) {
      throw forbidden('commune reports are read by the leader, the department heads and the province');
    }
    await communeFor(actor, params.c);
    const date = query.date ?? localDate(clock.now());
    const report = await getSlaReport(params.c, date);
    if (!report) throw notFound(`no SLA report of ${params.c} for ${date}`);
    return { status: 200, body: report };
  },
});
