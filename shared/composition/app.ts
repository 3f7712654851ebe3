import { requiredEnv } from '../adapters/aws.js';
import { auditTrail, recordAccess } from '../adapters/audit.js';
import { cursorKey, existingLookupKey, lookupKey } from '../adapters/keys.js';
import { clock } from '../adapters/clock.js';
import { rateDossier } from '../adapters/lookup.js';
import { listMessages } from '../adapters/messages.js';
import { unsyncedSince } from '../adapters/national-sync.js';
import { getSlaReport, getSlaReports, openDossiers, putSlaReport, serviceIndexRows, statisticsRows } from '../adapters/reports.js';
import {
  createDossier,
  dossiersByApplicant,
  dossiersReceivedForOthers,
  findDossierByCode,
  getDossier,
  listDossiers,
  loadProvince,
  nextSequence,
  putCalendar,
  putCommune,
  putDossierIfAbsent,
  putProcedure,
  saveDossier,
  withProcedure,
} from '../adapters/repository.js';
import { auditing } from '../app/audit.js';
import { configuration } from '../app/configuration.js';
import { paperwork } from '../app/forms.js';
import { handoffs } from '../app/handoffs.js';
import { sentMessages } from '../app/notifications.js';
import { appCore } from '../app/index.js';
import type { AuditStore, DossierStore, ProvinceStore, PublicStore, ReportStore, SearchStore } from '../app/ports.js';
import { citizens } from '../app/public.js';
import { reporting } from '../app/reports.js';
import { housekeeping } from '../app/schedules.js';
import { searching } from '../app/search.js';
import { submission } from '../app/submission.js';
import { workflow as steps } from '../app/transition.js';
import { worklists } from '../app/worklist.js';

/*
 * The application as Lambda runs it: the DynamoDB adapters and the process clock. Each use case is built on its own, over the part of the store it uses,
 * and marked pure, so a function's bundle keeps only the use cases (and adapters) it imports.
 */

export const dossiers: DossierStore = {
  getDossier,
  saveDossier,
  createDossier,
  putDossierIfAbsent,
  listDossiers,
  withProcedure,
  nextSequence,
  lookupKey,
  existingLookupKey,
};
const configStore: ProvinceStore = { loadProvince, putCommune, putCalendar, putProcedure };
const reportStore: ReportStore = { openDossiers, putSlaReport, getSlaReport, getSlaReports, statisticsRows, serviceIndexRows, unsyncedSince };
const publicStore: PublicStore = { findDossierByCode, rateDossier };
const auditStore: AuditStore = { recordAccess, auditTrail };
const searchStore: SearchStore = { dossiersByApplicant, dossiersReceivedForOthers, findDossierByCode, existingLookupKey };

export const core = appCore({ store: { getDossier, loadProvince }, clock });
export const { access, provinces } = core;
export { clock as appClock };
/** The key a province's list cursors are signed with. */
export { cursorKey };
// Plain literals (no spread), so that an unused use case below is dropped from the bundle.
export const overDossiers = { store: dossiers, clock, provinces, access };

export const workflow = /* @__PURE__ */ steps(overDossiers);
export const submit = /* @__PURE__ */ submission(overDossiers);
export const forms = /* @__PURE__ */ paperwork(overDossiers);
export const worklist = /* @__PURE__ */ worklists(overDossiers);
export const finder = /* @__PURE__ */ searching({ store: searchStore, clock, provinces, access });
export const intake = /* @__PURE__ */ handoffs(overDossiers);
export const jobs = /* @__PURE__ */ housekeeping(overDossiers);
export const reports = /* @__PURE__ */ reporting({ store: reportStore, clock, provinces, access });
export const citizen = /* @__PURE__ */ citizens({ store: publicStore, clock });
export const admin = /* @__PURE__ */ configuration({ store: configStore, provinces, access });
export const audit = /* @__PURE__ */ auditing({ store: auditStore, clock, access });
export const messages = /* @__PURE__ */ sentMessages({ store: { listMessages }, access });

/** The provinces this deployment serves (one, in production), for the scheduled jobs. */
export const servedProvinces = (): string[] => requiredEnv('PROVINCES').split(',');
