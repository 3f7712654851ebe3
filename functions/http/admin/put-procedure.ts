import { CatalogueConflict, putProcedure } from '../../../shared/adapters/repository.js';
import { httpHandler } from '../../../shared/http/handler.js';
import { logger } from '../../../shared/http/logger.js';
import { conflict } from '../../../shared/http/problem.js';
import { provinceFor } from '../../../shared/http/province.js';
import { procedureBody, procedureParams } from '../../../shared/http/schemas.js';
import { provinceConfig } from '../../../shared/http/tenancy.js';

/**
 * Publishes a new version of a catalogue procedure. Earlier versions stay on record: a dossier
 * keeps the version it was accepted under.
 */
export const handler = httpHandler({
  params: procedureParams,
  body: procedureBody,
  handle: async ({ actor, params, body }) => {
    await provinceFor(actor, params.p, ['PROVINCE_ADMIN']);
    const current = (await provinceConfig(params.p, true))?.procedures.find((p) => p.code === params.code);
    const { expectedVersion, ...procedure } = body;
    if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) {
      throw conflict(`procedure ${params.code} is at version ${current?.version ?? 0}, not ${expectedVersion}`);
    }
    try {
      const published = await putProcedure(params.p, { ...procedure, code: params.code }, current?.version ?? 0);
      await provinceConfig(params.p, true);
      logger.info('procedure published', { province: params.p, procedure: params.code, version: published.version });
      return { status: current ? 200 : 201, body: published, headers: { etag: `"${published.version}"` } };
    } catch (error) {
      if (error instanceof CatalogueConflict) throw conflict(error.message);
      throw error;
    }
  },
});
