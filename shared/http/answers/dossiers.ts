import * as z from 'zod/mini';
import { RULES, type Action } from '../../domain/lifecycle.js';
import { NATIONAL_SYNC_STATUSES } from '../../domain/national-portal.js';
import { NOTIFY_CHANNELS } from '../../domain/notifications.js';
import { ATTACHMENT_PURPOSES, ROLES } from '../../domain/model.js';
import {
  channel,
  count,
  department,
  document,
  eventType,
  instant,
  named,
  nationalStatus,
  nextCursor,
  office,
  officialName,
  procedureRef,
  sha256,
  standing,
  status,
  step,
  timeliness,
} from './common.js';
import { attachmentAnswer } from './files.js';
import { registerEntryAnswer, signingSessionAnswer } from './signing.js';
import { paymentAnswer } from './payment.js';

const stepRecord = z.strictObject({
  step,
  department: office,
  actor: z.optional(z.string()),
  actorName: z.optional(officialName),
  startedAt: instant,
  dueAt: instant,
  completedAt: z.optional(instant),
  timeliness: z.optional(timeliness),
});

const handoff = z.strictObject({
  from: office,
  to: office,
  handedOverBy: z.string(),
  handedOverByName: z.optional(officialName),
  handedOverAt: instant,
  receivedBy: z.optional(z.string()),
  receivedAt: z.optional(instant),
  timeliness: z.optional(timeliness),
});

const historyEntry = z.strictObject({
  at: instant,
  action: z.string(),
  actor: z.string(),
  actorName: z.optional(officialName),
  status,
  step: z.optional(step),
  note: z.optional(z.string()),
  hash: sha256,
});

export const historyHead = named(
  'HistoryHead',
  "The head of the dossier's history chain: the hash of its last entry (64 zeros before the first) and how many entries the chain covers",
  z.strictObject({ hash: sha256, entries: count }),
);

export const dossierAnswer = named(
  'Dossier',
  'A dossier with its steps, hand-overs and history; fields that exist only from some point of the lifecycle are null until then',
  z.strictObject({
    id: z.uuid(),
    code: z.nullable(z.string()),
    province: z.string(),
    commune: z.string(),
    receivingUnit: z.string(),
    procedure: z.strictObject({ code: z.string(), name: z.string(), version: z.int() }),
    department,
    channel,
    applicant: z.strictObject({
      name: z.string(),
      idNumber: z.string(),
      phone: z.nullable(z.string()),
      email: z.nullable(z.string()),
      address: z.string(),
      notify: z.optional(z.array(z.enum(['SMS', 'EMAIL', 'ZALO']))),
    }),
    documents: z.array(document),
    note: z.optional(z.string()),
    status,
    nationalStatus,
    step: z.nullable(step),
    assignee: z.nullable(z.string()),
    submittedAt: instant,
    submittedBy: z.string(),
    acceptedAt: z.nullable(instant),
    dueAt: z.nullable(instant),
    steps: z.array(stepRecord),
    handoffs: z.array(handoff),
    pausedAt: z.nullable(instant),
    supplementRequest: z.optional(
      z.strictObject({
        reason: z.string(),
        documents: z.array(z.string()),
        requestedBy: z.string(),
        requestedByName: z.optional(officialName),
        requestedAt: instant,
        supplyBy: instant,
        suppliedAt: z.optional(instant),
      }),
    ),
    proposal: z.optional(z.strictObject({ outcome: z.enum(['APPROVE', 'REJECT']), summary: z.string(), by: z.string(), byName: z.optional(officialName) })),
    review: z.optional(z.strictObject({ agree: z.boolean(), note: z.string(), by: z.string(), byName: z.optional(officialName) })),
    extension: z.optional(
      z.strictObject({
        originalDueAt: instant,
        newDueAt: instant,
        reason: z.string(),
        by: z.string(),
        byName: z.optional(officialName),
        at: instant,
        supersededAt: z.optional(instant),
      }),
    ),
    result: z.nullable(z.strictObject({ decision: z.enum(['APPROVED', 'REJECTED']), note: z.string(), electronic: z.optional(z.boolean()) })),
    refusal: z.optional(z.strictObject({ reason: z.string() })),
    withdrawal: z.optional(z.strictObject({ reason: z.string() })),
    payment: z.optional(paymentAnswer),
    completedAt: z.nullable(instant),
    closedAt: z.optional(instant),
    returnedAt: z.nullable(instant),
    timeliness: z.nullable(timeliness),
    history: z.array(historyEntry),
    historyHead,
    rating: z.optional(z.strictObject({ score: z.int().check(z.gte(1), z.lte(5)), comment: z.optional(z.string()), at: instant })),
    attachments: z.array(attachmentAnswer),
    signings: z.optional(z.array(signingSessionAnswer)),
    registration: z.optional(registerEntryAnswer),
    digitisation: z.optional(z.strictObject({ files: z.int().check(z.gte(1)), firstAt: instant, lastAt: instant })),
    version: z.int().check(z.gte(1)),
  }),
);

const nationalSync = named(
  'NationalSync',
  "How the dossier stands with the National Public Service Portal (Cổng Dịch vụ công quốc gia): SYNCED when the portal has its national status and every completed step; PENDING while its latest change waits to be sent; FAILED when the adapter refused or failed every try (tried again later, the adapter's message in `error`). `version` is the dossier version the portal has (SYNCED), waits for (PENDING) or refused (FAILED); `at` when that was",
  z.strictObject({
    status: z.enum(NATIONAL_SYNC_STATUSES),
    version: z.int().check(z.gte(0)),
    at: instant,
    error: z.optional(z.string()),
  }),
);

export const readDossierAnswer = named(
  'DossierRead',
  'A dossier as its reader sees it, with the actions the reader may take on it now and its synchronisation with the national portal',
  z.extend(dossierAnswer, {
    allowedActions: z.array(z.enum(Object.keys(RULES) as [Action, ...Action[]])),
    /** The purposes the reader may attach a file for now (none when no file may be attached). */
    attachablePurposes: z.array(z.enum(ATTACHMENT_PURPOSES)),
    nationalSync,
  }),
);

export const createdDossierAnswer = named(
  'CreatedDossier',
  'The dossier just submitted, with the secret its applicant looks it up with (answered only here)',
  z.extend(dossierAnswer, { lookupSecret: z.string() }),
);

export const dossierSummaryAnswer = named(
  'DossierSummary',
  'A line of the worklist; fields the dossier does not have yet are left out',
  z.strictObject({
    id: z.uuid(),
    code: z.optional(z.string()),
    commune: z.string(),
    procedure: procedureRef,
    /** Absent on dossiers stored before the worklist showed it. */
    applicantName: z.optional(z.string()),
    department,
    channel,
    status,
    nationalStatus,
    step: z.optional(step),
    assignee: z.optional(z.string()),
    submittedAt: instant,
    submittedBy: z.string(),
    dueAt: z.optional(instant),
    pausedAt: z.optional(instant),
    /** Null while the dossier has no appointment (not accepted yet) and once refused or withdrawn. */
    timeliness: z.nullable(standing),
    version: z.int().check(z.gte(1)),
  }),
);

export const worklistAnswer = named('Worklist', "A page of a commune's worklist", z.strictObject({ items: z.array(dossierSummaryAnswer), nextCursor }));
export const auditEntryAnswer = named(
  'AuditEntry',
  'One access to a dossier: who, what, when, from where; never the personal data itself',
  z.strictObject({
    at: instant,
    sub: z.string(),
    roles: z.array(z.enum(ROLES)),
    action: z.string(),
    commune: z.string(),
    dossierId: z.uuid(),
    sourceIp: z.string(),
    requestId: z.string(),
  }),
);
export const auditTrailAnswer = named(
  'AuditTrail',
  "A page of a dossier's access trail, oldest first",
  z.strictObject({ items: z.array(auditEntryAnswer), nextCursor }),
);
export const historyVerificationAnswer = named(
  'HistoryVerification',
  "The dossier's history chain recomputed from its stored entries: `valid`, or the first entry whose stored hash does not match its content and the hash before it (an entry edited, inserted or removed behind the application's back)",
  z.strictObject({
    dossierId: z.uuid(),
    code: z.nullable(z.string()),
    algorithm: z.literal('SHA-256'),
    canonicalForm: z.string(),
    valid: z.boolean(),
    head: historyHead,
    firstMismatch: z.nullable(
      z.strictObject({
        seq: z.int().check(z.gte(1)),
        at: z.string(),
        action: z.string(),
        stored: z.nullable(z.string()),
        computed: sha256,
      }),
    ),
  }),
);

export const sentMessagesAnswer = named(
  'SentMessages',
  "The messages sent to a dossier's applicant, oldest first; never the address",
  z.strictObject({
    items: z.array(
      named(
        'SentMessage',
        'One message to the applicant: its channel, the event it told of, when it went out; the text only for RECEPTION and LEADER',
        z.strictObject({
          channel: z.enum(NOTIFY_CHANNELS),
          type: eventType,
          at: instant,
          version: z.int().check(z.gte(1)),
          text: z.optional(z.string()),
        }),
      ),
    ),
    nextCursor: z.null(),
  }),
);
export type SentMessagesAnswer = z.output<typeof sentMessagesAnswer>;

export type DossierAnswer = z.output<typeof dossierAnswer>;
export type HistoryVerificationAnswer = z.output<typeof historyVerificationAnswer>;
export type DossierSummaryAnswer = z.output<typeof dossierSummaryAnswer>;
export type DossierReadAnswer = z.output<typeof readDossierAnswer>;
