import type { YearCalendar } from '../domain/calendar.js';
import { overrideProblems, type CommuneOverride } from '../domain/catalogue.js';
import { planRow, readCatalogueSheet, type ReportRow, type SheetCell } from '../domain/catalogue-import.js';
import { CatalogueConflict } from '../domain/conflicts.js';
import type { Actor, Commune, Procedure } from '../domain/model.js';
import { logger } from '../observability/logger.js';
import type { tenancy } from './access.js';
import type { ProvinceStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { Refused } from './refusal.js';

const ADMIN = ['PROVINCE_ADMIN'] as const;

/** What a catalogue import made (or, dry, would make) of each row of the sheet. */
export interface CatalogueImport {
  dryRun: boolean;
  /** Whether new catalogue versions were published. */
  written: boolean;
  summary: Record<'created' | 'changed' | 'unchanged' | 'refused', number>;
  rows: ReportRow[];
}

/** The province administrator's writes: communes, calendars, the catalogue. Each is read fresh at once. */
export function configuration({ store, provinces, access }: { store: ProvinceStore; provinces: Provinces; access: ReturnType<typeof tenancy> }) {
  /** A stale write is the caller's conflict, named after what it wrote. */
  const conflicts = async <T>(what: string, write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (error instanceof CatalogueConflict) throw new Refused('conflict', `${what}${error.message}`);
      throw error;
    }
  };

  /** Onboards a commune (or updates it): from then on it can receive and work dossiers. */
  async function putCommune(actor: Actor, commune: Commune, expectedVersion?: number): Promise<{ commune: Commune; version: number; created: boolean }> {
    const config = await access.provinceFor(actor, commune.province, ADMIN);
    const existed = config.communes.some((c) => c.code === commune.code);
    const version = await conflicts(`commune ${commune.code}: `, () => store.putCommune(commune, expectedVersion));
    await provinces.config(commune.province, true);
    logger.info('commune onboarded', { province: commune.province, commune: commune.code, version });
    return { commune, version, created: !existed };
  }

  /** Stores a year's working calendar from its official notice. */
  async function putCalendar(actor: Actor, province: string, calendar: YearCalendar, expectedVersion?: number): Promise<number> {
    await access.provinceFor(actor, province, ADMIN);
    const version = await conflicts(`calendar ${calendar.year}: `, () => store.putCalendar(province, calendar, expectedVersion));
    await provinces.config(province, true);
    return version;
  }

  /**
   * Publishes a new version of a catalogue procedure. Earlier versions stay on record: a dossier
   * keeps the version it was accepted under.
   */
  async function putProcedure(
    actor: Actor,
    province: string,
    procedure: Omit<Procedure, 'version'>,
    expectedVersion?: number,
  ): Promise<{ procedure: Procedure; created: boolean }> {
    await access.provinceFor(actor, province, ADMIN);
    const current = (await provinces.config(province, true))?.procedures.find((p) => p.code === procedure.code);
    if (expectedVersion !== undefined && expectedVersion !== (current?.version ?? 0)) {
      throw new Refused('conflict', `procedure ${procedure.code} is at version ${current?.version ?? 0}, not ${expectedVersion}`);
    }
    const published = await conflicts('', () => store.putProcedure(province, procedure, current?.version ?? 0));
    await provinces.config(province, true);
    logger.info('procedure published', { province, procedure: procedure.code, version: published.version });
    return { procedure: published, created: !current };
  }

  /**
   * Stores what a commune makes of a catalogue procedure: whether it offers it, and a shorter
   * processing time it commits to. Fees stay the province's.
   */
  async function putCommuneOverride(
    actor: Actor,
    province: string,
    override: CommuneOverride,
    expectedVersion?: number,
  ): Promise<{ override: CommuneOverride; version: number }> {
    await access.provinceFor(actor, province, ADMIN);
    const config = await provinces.config(province, true);
    if (!config?.communes.some((c) => c.code === override.commune)) throw new Refused('not-found', `no commune ${override.commune} in province ${province}`);
    const procedure = config.procedures.find((p) => p.code === override.code);
    if (!procedure) throw new Refused('not-found', `no procedure ${override.code} in the catalogue`);
    const problems = overrideProblems(procedure, override);
    if (problems.length)
      throw new Refused(
        'invalid',
        'the override does not fit the procedure',
        problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
      );
    const version = await conflicts(`override of ${override.code} at ${override.commune}: `, () =>
      store.putCommuneOverride(province, override, expectedVersion),
    );
    await provinces.config(province, true);
    logger.info('commune override stored', { province, commune: override.commune, procedure: override.code, enabled: override.enabled, version });
    return { override, version };
  }

  /**
   * A catalogue from the province's annex (`sheet` reads it): each row compared with the catalogue — created,
   * changed, unchanged or refused with why. A dry run only reports. Otherwise a sheet with a
   * refused row writes nothing (400 naming each); else every created or changed row is published
   * as a new version, and the same sheet again finds every row unchanged.
   */
  async function importCatalogue(actor: Actor, province: string, sheet: () => Promise<SheetCell[][]>, dryRun: boolean): Promise<CatalogueImport> {
    await access.provinceFor(actor, province, ADMIN);
    // The file is read only for whom may import it.
    const read = readCatalogueSheet(await sheet());
    if ('problem' in read) throw new Refused('invalid', read.problem);
    const current = new Map(((await provinces.config(province, true))?.procedures ?? []).map((p) => [p.code, p]));
    const plans = read.rows.map((row) => planRow(row, row.code ? current.get(row.code) : undefined));
    const rows = plans.map((p) => p.report);
    const count = (outcome: ReportRow['outcome']) => rows.filter((r) => r.outcome === outcome).length;
    const summary = { created: count('CREATED'), changed: count('CHANGED'), unchanged: count('UNCHANGED'), refused: count('REFUSED') };
    if (dryRun) return { dryRun, written: false, summary, rows };
    if (summary.refused) {
      throw new Refused(
        'invalid',
        `${summary.refused} of ${rows.length} rows are refused; nothing was written`,
        rows.flatMap((r) => (r.problems ?? []).map((p) => ({ path: `rows.${r.row}${p.column ? `.${p.column}` : ''}`, message: p.message }))),
      );
    }
    const drafts = plans.flatMap((p) => (p.publish ? [{ procedure: p.publish, previousVersion: current.get(p.publish.code)?.version ?? 0 }] : []));
    await conflicts('the catalogue changed during the import; import the file again: ', () => store.putProcedures(province, drafts));
    await provinces.config(province, true);
    logger.info('catalogue imported', { province, ...summary });
    return { dryRun, written: drafts.length > 0, summary, rows };
  }

  return { putCommune, putCalendar, putProcedure, putCommuneOverride, importCatalogue };
}
