import { tenancy } from './access.js';
import { auditing } from './audit.js';
import { configuration } from './configuration.js';
import { paperwork } from './forms.js';
import { handoffs } from './handoffs.js';
import { sentMessages, type MessageStore } from './notifications.js';
import type { Clock, Store } from './ports.js';
import { provinceDirectory } from './provinces.js';
import { citizens } from './public.js';
import { reporting } from './reports.js';
import { housekeeping } from './schedules.js';
import { searching } from './search.js';
import { submission } from './submission.js';
import { workflow } from './transition.js';
import { worklists } from './worklist.js';

/*
 * The application: the use cases of the one-stop desk over their ports. It knows nothing of HTTP
 * or Lambda events; it answers domain objects and throws Refused for what it will not do. Each
 * use case takes the part of the store it uses (its `store` type says which): Lambda builds each
 * on its own over that part of the DynamoDB adapters (shared/composition/app.ts, so that a bundle
 * keeps only the use cases its function imports), the tests all of them over the in-memory store.
 */

/** The context every use case shares: the clock, the province configurations and the tenancy rules over them. */
export function appContext(store: Pick<Store, 'getDossier' | 'loadProvince'>, clock: Clock) {
  const provinces = provinceDirectory(store);
  return { clock, provinces, access: tenancy(store, provinces) };
}

/** Every use case over one whole store, under the names shared/composition/app.ts exports them by. */
/** `publicOrigin` is where the citizen's page is served: the links on receipts and in messages. */
export function createApp(store: Store & Pick<MessageStore, 'listMessages'>, clock: Clock, publicOrigin: () => string) {
  const deps = { store, ...appContext(store, clock) };
  return {
    ...deps,
    workflow: workflow(deps),
    submit: submission(deps),
    forms: paperwork({ ...deps, publicOrigin }),
    worklist: worklists(deps),
    finder: searching(deps),
    intake: handoffs(deps),
    jobs: housekeeping(deps),
    reports: reporting(deps),
    citizen: citizens(deps),
    admin: configuration(deps),
    audit: auditing(deps),
    messages: sentMessages(deps),
  };
}
