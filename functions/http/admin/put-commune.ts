import { CatalogueConflict, putCommune } from '../../../shared/adapters/repository.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { logger } from '../../../shared/http/logger.js';
import { conflict } from '../../../shared/http/problem.js';
import { provinceFor } from '../../../shared/http/province.js';
import { communeAdminParams, communeBody } from '../../../shared/http/schemas.js';
import { provinceConfig } from '../../../shared/http/tenancy.js';
import { expectedVersionOf } from '../../../shared/http/versions.js';

/** Onboards a commune (or updates it): from this answer on it can receive and work dossiers. */
export const handler = httpHandler({
  params: communeAdminParams,
  body: communeBody,
  handle: async ({ actor, params, body, headers }) => {
    const config = await provinceFor(actor, params.p, ['PROVINCE_ADMIN']);
    const existed = config.communes.some((c) => c.code === params.c);
    const { expectedVersion, ...fields } = body;
    const commune = { code: params.c, province: params.p, ...fields };
    try {
      const version = await putCommune(commune, expectedVersionOf(expectedVersion, headers['if-match']));
      await provinceConfig(params.p, true);
      logger.info('commune onboarded', { province: params.p, commune: params.c, version });
      return { status: existed ? 200 : 201, body: { ...commune, version }, headers: { etag: `"${version}"` } };
    } catch (error) {
      if (error instanceof CatalogueConflict) throw conflict(`commune ${params.c}: ${error.message}`);
      throw error;
    }
  },
});
