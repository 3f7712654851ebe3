import { provinces, servedProvinces } from '../../../shared/composition/app.js';
import { communeCatalogue } from '../../../shared/domain/province.js';
import { routes } from '../../../shared/http/api/catalogue.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { notFound } from '../../../shared/http/problem.js';

/** A commune's procedure catalogue (public): its province's, with the commune's overrides applied. */
export const handler = httpHandler(routes.communeList, async ({ params }) => {
  for (const province of servedProvinces()) {
    // Read again once when the commune is not in the kept configuration: one added a moment ago is found.
    const { config, commune } = await provinces.communeOf(province, params.c);
    if (!config || !commune) continue;
    const items = communeCatalogue(config, commune.code).sort((a, b) => a.code.localeCompare(b.code));
    const communes = config.communes.map((c) => ({ code: c.code, name: c.name })).sort((a, b) => a.code.localeCompare(b.code));
    return { status: 200, body: { items, nextCursor: null, communes } };
  }
  throw notFound(`no commune ${params.c}`);
});
