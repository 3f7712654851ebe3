import { localDate } from '../../../shared/domain/time.js';
import { clock } from '../../../shared/adapters/clock.js';
import { getSlaReports } from '../../../shared/adapters/reports.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { notFound } from '../../../shared/http/problem.js';
import { provinceFor } from '../../../shared/http/province.js';
import { provinceParams, reportDateQuery } from '../../../shared/http/schemas.js';

/** The province roll-up of the day's SLA-breach reports, commune by commune. */
export const handler = httpHandler({
  params: provinceParams,
  query: reportDateQuery,
  handle: async ({ actor, params, query }) => {
    const config = await provinceFor(actor, params.p);
    const date = query.date ?? localDate(clock.now());
    const communes = await getSlaReports(config.communes.map((c) => c.code), date);
    if (communes.length === 0) throw notFound(`no SLA report of ${params.p} for ${date}`);
    const total = (field: 'openDossiers' | 'overdue' | 'atRisk') => communes.reduce((sum, r) => sum + r[field], 0);
    return {
      status: 200,
      body: {
        province: params.p,
        date,
        openDossiers: total('openDossiers'),
        overdue: total('overdue'),
        atRisk: total('atRisk'),
        missing: config.communes.map((c) => c.code).filter((c) => !communes.some((r) => r.commune === c)),
        communes,
      },
    };
  },
});
