import { tenancy } from './access.js';
import { auditing } from './audit.js';
import { configuration } from './configuration.js';
import { paperwork } from './forms.js';
import { handoffs } from './handoffs.js';
import type { Clock, Store } from './ports.js';
import { provinceDirectory, type Provinces } from './provinces.js';
import { citizens } from './public.js';
import { reporting } from './reports.js';
import { housekeeping } from './schedules.js';
import { searching } from './search.js';
import { submission } from './submission.js';
import { workflow } from './transition.js';
import { worklists } from './worklist.js';

export interface AppDeps {
  store: Store;
  clock: Clock;
  /** Shared by the applications of one process, so a configuration read fresh by one is seen by all. */
  provinces?: Provinces;
}

/** What every use case is built from: the dependencies, the province configurations and the tenancy rules over them. */
export function appCore<D extends Omit<AppDeps, 'store'> & { store: Pick<Store, 'getDossier' | 'loadProvince'> }>(deps: D) {
  const provinces = deps.provinces ?? provinceDirectory(deps.store);
  return { ...deps, provinces, access: tenancy(deps.store, provinces) };
}

export type AppCore = ReturnType<typeof appCore>;

/**
 * The application: the use cases of the one-stop desk over a store and a clock. It knows nothing of HTTP or Lambda events; it answers domain objects and throws
 * Refused for what it will not do. (The functions take only the use cases they run, from
 * shared/composition, so that each bundle carries only its own.)
 */
export function createApp(deps: AppDeps) {
  const core = appCore(deps);
  return {
    clock: core.clock,
    provinces: core.provinces,
    ...core.access,
    submit: submission(core),
    ...workflow(core),
    ...paperwork(core),
    worklist: worklists(core),
    ...searching(core),
    handoffs: handoffs(core),
    ...housekeeping(core),
    ...reporting(core),
    ...citizens(core),
    ...configuration(core),
    audit: auditing(core),
  };
}

export type App = ReturnType<typeof createApp>;
