import { provinces, servedProvinces } from '../../../shared/composition/app.js';
import { communeCatalogue } from '../../../shared/domain/province.js';
import { routes } from '../../../shared/http/api/catalogue.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { notFound } from '../../../shared/http/problem.js';

/** A commune's procedure catalogue (public): its province's, with the commune's overrides applied. */
export const handler = httpHandler(routes.communeList, async ({ params }) => {
  for (const province of servedProvinces()) {
    const config = await provinces.config(province);
    if (!config?.communes.some((c) => c.code === params.c)) continue;
    const items = communeCatalogue(config, params.c).sort((a, b) => a.code.localeCompare(b.code));
    const communes = config.communes.map((c) => ({ code: c.code, name: c.name })).sort((a, b) => a.code.localeCompare(b.code));
    return { status: 200, body: { items, nextCursor: null, communes } };
  }
  throw notFound(`no commune ${params.c}`);
});
