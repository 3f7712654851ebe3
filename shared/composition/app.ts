import { requiredEnv } from '../adapters/aws.js';
import { auditTrail, recordAccess } from '../adapters/audit.js';
import { cursorKey, existingLookupKey, lookupKey } from '../adapters/keys.js';
import { clock } from '../adapters/clock.js';
import { rateDossier } from '../adapters/lookup.js';
import { listMessages } from '../adapters/messages.js';
import { unsyncedSince } from '../adapters/national-sync.js';
import { communeAggregates } from '../adapters/aggregates.js';
import { getSlaReport, getSlaReports, latestSlaReportDate, openDossiers, putSlaReport } from '../adapters/reports.js';
import { loadProvince, putCalendar, putCommune, putCommuneOverride, putProcedure, putProcedures } from '../adapters/province-config.js';
import { lastReceiptNumber, lastRegisterNumber, receiptsIssued } from '../adapters/receipts.js';
import { getRefundDue, refundsDue } from '../adapters/payment-requests.js';
import {
  createDossier,
  findDossierByCode,
  getDossier,
  nextSequence,
  putDossierIfAbsent,
  saveDossier,
  saveRefund,
  withProcedure,
} from '../adapters/repository.js';
import { dossiersByApplicant, dossiersReceivedForOthers, listDossiers } from '../adapters/worklist.js';
import { auditing } from '../app/audit.js';
import { configuration as provinceConfiguration } from '../app/configuration.js';
import { paperwork } from '../app/forms.js';
import { handoffs } from '../app/handoffs.js';
import { appContext } from '../app/index.js';
import { sentMessages } from '../app/notifications.js';
import type { AuditStore, DossierStore, ProvinceStore, PublicStore, ReportStore, SearchStore } from '../app/ports.js';
import { citizens as publicSide } from '../app/public.js';
import { reporting } from '../app/reports.js';
import { housekeeping } from '../app/schedules.js';
import { searching } from '../app/search.js';
import { submission } from '../app/submission.js';
import { workflow as steps } from '../app/transition.js';
import { worklists } from '../app/worklist.js';
import { consoleOrigin } from './origin.js';

/*
 * The application as Lambda runs it: each use case built on its own, as createApp
 * (shared/app/index.ts) builds them all for the tests, over the part of the DynamoDB adapters it
 * uses and the process clock, and marked pure, so a function's bundle keeps only the use cases
 * (and adapters) it imports. Every store part and every use case's dependencies are plain literals
 * (no spread), for the same reason.
 */

export const dossiers: DossierStore = {
  getDossier,
  saveDossier,
  createDossier,
  putDossierIfAbsent,
  listDossiers,
  withProcedure,
  nextSequence,
  lastReceiptNumber,
  lastRegisterNumber,
  getRefundDue,
  saveRefund,
  lookupKey,
  existingLookupKey,
};
const configStore: ProvinceStore = { loadProvince, putCommune, putCalendar, putCommuneOverride, putProcedure, putProcedures };
const reportStore: ReportStore = {
  openDossiers,
  putSlaReport,
  getSlaReport,
  getSlaReports,
  latestSlaReportDate,
  aggregates: communeAggregates,
  receiptsIssued,
  refundsDue,
  unsyncedSince,
};
const publicStore: PublicStore = { findDossierByCode, rateDossier };
const auditStore: AuditStore = { recordAccess, auditTrail };
const searchStore: SearchStore = { dossiersByApplicant, dossiersReceivedForOthers, findDossierByCode, existingLookupKey };

export const { provinces, access } = appContext({ getDossier, loadProvince }, clock);
export { clock as appClock };
/** The key a province's list cursors are signed with. */
export { cursorKey };

export const workflow = /* @__PURE__ */ steps({ store: dossiers, clock, provinces, access });
export const submit = /* @__PURE__ */ submission({ store: dossiers, clock, access });
export const forms = /* @__PURE__ */ paperwork({ store: dossiers, clock, access, publicOrigin: consoleOrigin });
export const worklist = /* @__PURE__ */ worklists({ store: dossiers, clock, provinces, access });
export const finder = /* @__PURE__ */ searching({ store: searchStore, clock, provinces, access });
export const intake = /* @__PURE__ */ handoffs({ store: dossiers, clock, provinces });
export const jobs = /* @__PURE__ */ housekeeping({ store: dossiers, clock, provinces });
export const reports = /* @__PURE__ */ reporting({ store: reportStore, clock, provinces, access });
export const citizen = /* @__PURE__ */ publicSide({ store: publicStore, clock, provinces });
export const admin = /* @__PURE__ */ provinceConfiguration({ store: configStore, provinces, access });
export const audit = /* @__PURE__ */ auditing({ store: auditStore, clock, access });
export const messages = /* @__PURE__ */ sentMessages({ store: { listMessages }, access });

/** The provinces this deployment serves (one, in production), for the scheduled jobs. */
export const servedProvinces = (): string[] => requiredEnv('PROVINCES').split(',');
