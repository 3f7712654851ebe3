import { provinces } from '../../../shared/composition/app.js';
import { routes } from '../../../shared/http/api/catalogue.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { notFound } from '../../../shared/http/problem.js';

/** The province's procedure catalogue (public): current version of each procedure, and its communes. */
export const handler = httpHandler(routes.list, async ({ params }) => {
  const config = await provinces.config(params.p);
  if (!config) throw notFound(`no province ${params.p}`);
  const items = [...config.procedures].sort((a, b) => a.code.localeCompare(b.code));
  const communes = config.communes.map((c) => ({ code: c.code, name: c.name })).sort((a, b) => a.code.localeCompare(b.code));
  return { status: 200, body: { items, nextCursor: null, communes } };
});
