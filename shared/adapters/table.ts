import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { CHAIN_ORIGIN, entryHash, type UnchainedEntry } from '../domain/history-chain.js';
import { isOpen, STATUSES, type Dossier, type HistoryEntry, type Procedure, type Status } from '../domain/model.js';
import { SUMMARY_FIELDS } from '../domain/worklist.js';

/**
 * Summary fields the item's keys already hold: the id and commune (its key), the code (its
 * lookup key), the submission time (its worklist sort key).
 */
const KEY_FIELDS = ['id', 'commune', 'code', 'submittedAt'] as const;
/** Summary fields stored as attributes (the procedure by code and catalogue version; its name is the catalogue's). */
type StoredSummaryField = Exclude<(typeof SUMMARY_FIELDS)[number], (typeof KEY_FIELDS)[number]>;
const STORED_SUMMARY = SUMMARY_FIELDS.filter((f): f is StoredSummaryField => !(KEY_FIELDS as readonly string[]).includes(f));

/**
 * The attribute names of a dossier item's own fields: a letter or two, since the item carries
 * every one of them and each byte counts against its 1 KB write unit.
 */
export const ATTRIBUTES: Record<StoredSummaryField | 'body' | 'checks' | 'head', string> = {
  procedureRef: 'pr',
  applicantName: 'an',
  department: 'dp',
  channel: 'ch',
  status: 'st',
  step: 'sp',
  assignee: 'as',
  submittedBy: 'sb',
  dueAt: 'du',
  pausedAt: 'pa',
  timeliness: 'tl',
  version: 'v',
  body: 'b',
  checks: 'c',
  head: 'h',
};

/**
 * The single table. Every key starts with the tenant it belongs to — `C#<commune>` or
 * `P#<province>` — so no query of one tenant can reach another's items. Indexes are named for
 * the access pattern they serve, and so are their key attributes. Only the worklist projects
 * attributes; the other indexes hold keys only, so a transition rewrites as few index entries
 * as it can (write units are the cost that grows with every dossier).
 */
export const TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  ttlAttribute: 'expiresAt',
  indexes: {
    /** A commune's dossiers of one status, oldest first; step, department and submitter filter. */
    worklist: { pk: 'worklistPK', sk: 'worklistSK', projection: [...STORED_SUMMARY.map((f) => ATTRIBUTES[f]), 'codePK', 'openSK'] as string[] },
    /** Sparse: a specialist's open dossiers. */
    byAssignee: { pk: 'assigneePK', sk: 'worklistSK', projection: [] as string[] },
    /** Public lookup by dossier code. */
    byCode: { pk: 'codePK', sk: undefined, projection: [] as string[] },
    /** Sparse: a commune's open dossiers by due time (SLA report, statistics). */
    openByDue: { pk: 'openPK', sk: 'openSK', projection: [] as string[] },
    /** Sparse: dossiers accepted in a month (statistics: received, carried over). */
    acceptedByMonth: { pk: 'acceptedPK', sk: 'acceptedSK', projection: [] as string[] },
    /** Sparse: dossiers closed in a month — result ready, refused or withdrawn (statistics). */
    closedByMonth: { pk: 'closedPK', sk: 'closedSK', projection: [] as string[] },
    /** A commune's dossiers of one applicant, by the HMAC of their ID number (never the number), newest first. */
    byIdNumber: { pk: 'idNumberPK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: a commune's dossiers of one applicant, by the HMAC of their phone. */
    byPhone: { pk: 'phonePK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: what a desk received for another commune of the province (province-wide reception), newest first. */
    receivedForOthers: { pk: 'receivedPK', sk: 'worklistSK', projection: [] as string[] },
    /** Sparse: a province's dossiers whose change failed to reach the national portal, by when it was stored. */
    nationalUnsynced: { pk: 'unsyncedPK', sk: 'unsyncedSK', projection: ['commune', 'dossierId', 'code', 'failure'] as string[] },
  },
} as const;

export type IndexName = keyof typeof TABLE.indexes;

/** The partition keys of access trails, as an IAM StringLike pattern (dynamodb:LeadingKeys). */
export const AUDIT_LEADING_KEYS = 'C#*#AUDIT#*';
/** The partition keys of portals' webhooks, as an IAM StringLike pattern: the only items ever deleted. */
export const WEBHOOK_LEADING_KEYS = 'P#*#WEBHOOKS#*';
export const isAuditKey = (pk: string): boolean => /^C#[^#]+#AUDIT#/.test(pk);

/** The sort key of a dossier's own item; the items beside it in its partition (sync state, messages) have others. */
export const DOSSIER_SK = 'D';

export const keys = {
  dossier: (commune: string, id: string) => ({ PK: `C#${commune}#D#${id}`, SK: DOSSIER_SK }),
  idempotency: (commune: string, client: string, key: string) => ({
    PK: `C#${commune}#IDEMPOTENCY#${client}#${key}`,
    SK: 'IDEMPOTENCY',
  }),
  sequence: (unit: string, day: string) => ({ PK: `C#${unit}#SEQUENCE#${day}`, SK: 'SEQUENCE' }),
  province: (province: string) => ({ PK: `P#${province}`, SK: 'PROVINCE' }),
  commune: (province: string, commune: string) => ({ PK: `P#${province}`, SK: `COMMUNE#${commune}` }),
  calendar: (province: string, year: number) => ({ PK: `P#${province}`, SK: `CALENDAR#${year}` }),
  procedure: (province: string, code: string) => ({ PK: `P#${province}`, SK: `PROCEDURE#${code}` }),
  procedureVersion: (province: string, code: string, version: number) => ({
    PK: `P#${province}`,
    SK: `PROCEDURE_VERSION#${code}#${String(version).padStart(4, '0')}`,
  }),
  /** The key a province's lookup secrets are derived from. */
  lookupKey: (province: string) => ({ PK: `P#${province}#LOOKUP_KEY`, SK: 'LOOKUP_KEY' }),
  /** The key a province's webhook secrets are sealed with. */
  webhookKey: (province: string) => ({ PK: `P#${province}#WEBHOOK_KEY`, SK: 'WEBHOOK_KEY' }),
  /** A portal's webhooks in a province: one partition per portal client, listed with one Query. */
  webhook: (province: string, client: string, name: string) => ({ PK: keys.webhooksPK(province, client), SK: `WEBHOOK#${name}` }),
  webhooksPK: (province: string, client: string) => `P#${province}#WEBHOOKS#${client}`,
  /** A webhook's deliveries, newest event first by the event's time. */
  delivery: (province: string, client: string, name: string, atMs: number, eventId: string) => ({
    PK: keys.deliveriesPK(province, client, name),
    SK: `${String(atMs).padStart(15, '0')}#${eventId}`,
  }),
  deliveriesPK: (province: string, client: string, name: string) => `P#${province}#WEBHOOKS#${client}#DELIVERIES#${name}`,
  /**
   * A dossier's access trail but its changes (their history entries keep those): items of their
   * own, never expired, sorted by time. Their key is told apart from every other item's, so a
   * read-only function may append to it and write nothing else.
   */
  audit: (commune: string, id: string, at: string, requestId: string) => ({ PK: keys.auditPK(commune, id), SK: `${at}#${requestId}` }),
  auditPK: (commune: string, id: string) => `C#${commune}#AUDIT#${id}`,
  /** A dossier's synchronisation with the national portal: beside the dossier, in its partition. */
  nationalSync: (commune: string, id: string) => ({ PK: keys.dossier(commune, id).PK, SK: 'NATIONAL_SYNC' }),
  unsyncedPK: (province: string) => `P#${province}#NATIONAL_UNSYNCED`,
  slaReport: (commune: string, date: string) => ({ PK: `C#${commune}#REPORT#SLA`, SK: date }),
  // The dossier item's index keys, short: it carries each of them, and every byte of it counts.
  worklistPK: (commune: string, status: Status) => `C#${commune}#S#${status}`,
  assigneePK: (commune: string, assignee: string) => `C#${commune}#AS#${assignee}`,
  openPK: (commune: string) => `C#${commune}#OP`,
  /** A dossier code starts with its receiving unit: it is its own tenant prefix. */
  codePK: (code: string) => code,
  acceptedPK: (commune: string, month: string) => `C#${commune}#AC#${month}`,
  closedPK: (commune: string, month: string) => `C#${commune}#CL#${month}`,
  idNumberPK: (commune: string, hash: string) => `C#${commune}#ID#${hash}`,
  phonePK: (commune: string, hash: string) => `C#${commune}#PH#${hash}`,
  receivedPK: (receivingUnit: string) => `C#${receivingUnit}#RX`,
};

/**
 * A dossier's summary as attributes of its item: its own fields and two derived ones, less what
 * its keys hold (while open, the due time is the open index's sort key).
 */
function summaryAttributes(d: Dossier): Record<string, unknown> {
  const derived = { procedureRef: procedureRefOf(d.province, d.procedure), applicantName: d.applicant.name };
  const dueInKey = isOpen(d.status);
  return Object.fromEntries(
    STORED_SUMMARY.flatMap((f) => {
      const value = f === 'procedureRef' || f === 'applicantName' ? derived[f] : f === 'dueAt' && dueInKey ? undefined : d[f as keyof Dossier];
      return value === undefined ? [] : [[ATTRIBUTES[f], value]];
    }),
  );
}

/** The catalogue version a dossier is worked under, as its item names it: `<province>#<code>#<version>`. */
const procedureRefOf = (province: string, p: ProcedureVersionRef) => `${province}#${p.code}#${p.version}`;
export function parseProcedureRef(ref: unknown): { province: string; code: string; version: number } {
  const [province = '', code = '', version = ''] = String(ref).split('#');
  return { province, code, version: Number(version) };
}

/** The applicant's search keys from the index keys that hold them (the HMAC after the key's last `#`). */
function applicantKeysOfItem(item: Record<string, unknown>): NonNullable<Dossier['applicantKeys']> {
  const after = (key: unknown) => String(key).slice(String(key).lastIndexOf('#') + 1);
  return { idNumber: after(item.idNumberPK), ...(item.phonePK ? { phone: after(item.phonePK) } : {}) };
}

/** The id and commune of a dossier from its table key (`C#<commune>#D#<id>`). */
export function idOf(item: Record<string, unknown>): { id: string; commune: string } {
  const [commune = '', id = ''] = String(item.PK).replace(/^C#/, '').split('#D#');
  return { id, commune };
}

/** The summary of a dossier item, or of its worklist entry (which projects the table key and its own keys). */
export function summaryOfItem(item: Record<string, unknown>): Record<string, unknown> {
  return {
    ...idOf(item),
    ...(item.codePK ? { code: String(item.codePK) } : {}),
    submittedAt: item.worklistSK,
    ...(item.openSK ? { dueAt: item.openSK } : {}),
    ...Object.fromEntries(STORED_SUMMARY.flatMap((f) => (item[ATTRIBUTES[f]] === undefined ? [] : [[f, item[ATTRIBUTES[f]]]]))),
  };
}

/** The statuses in the order an unfiltered worklist walks them. */
export const WORKLIST_ORDER: readonly Status[] = STATUSES;

/** What a stored dossier body leaves out and names instead: its catalogue version (immutable once published). */
export type ProcedureVersionRef = Pick<Procedure, 'code' | 'version'>;

/** Times the statistics indexes' sort keys hold: the body leaves them out. */
const KEYED_TIMES = ['acceptedAt', 'closedAt'] as const;

/** A dossier as stored: its procedure by reference to the catalogue version it is worked under. */
export type StoredDossier = Omit<Dossier, 'procedure'> & { procedure: ProcedureVersionRef };

/** Fields of the dossier kept as attributes of its item (the worklist projects them): the body leaves them out. */
const ATTRIBUTE_FIELDS = SUMMARY_FIELDS.filter(
  (f): f is Exclude<(typeof SUMMARY_FIELDS)[number], 'procedureRef' | 'applicantName'> => f !== 'procedureRef' && f !== 'applicantName',
);

/**
 * The preset dictionary of the body's compression: the field names and the words every body
 * repeats. Deflate finds them here instead of spelling them out once per body, so a small body
 * compresses to about two thirds. Changing it makes the bodies stored with it unreadable.
 */
export const BODY_DICTIONARY = Buffer.from(
  'OFFICE CULTURE_SOCIETY ECONOMICS DESK ORIGINAL COPY CERTIFIED_COPY SUBMITTED IN_PROCESSING SUPPLEMENT_REQUESTED RESULT_READY RETURNED REFUSED WITHDRAWN ' +
    'EARLY ON_TIME LATE APPROVE APPROVED REJECT REJECTED supplement-expired request-supplement receive-result withdraw extend refuse ' +
    '{"province":"","receivingUnit":"","applicant":{"idNumber":"","phone":"","email":"","address":"","notify":["SMS"]},' +
    '"documents":[{"name":"","kind":"ORIGINAL","count":1}],"note":"","lookupSecretHash":"","acceptedAt":"","resumeStatus":"","pausedAt":"",' +
    '"supplementRequest":{"reason":"","documents":[""],"requestedBy":"","requestedAt":"","supplyBy":"","suppliedAt":""},' +
    '"extension":{"originalDueAt":"","newDueAt":"","reason":"","by":"","at":"","supersededAt":""},"refusal":{"reason":""},"withdrawal":{"reason":""},' +
    '"attachments":[{"id":"","name":"","purpose":"APPLICATION","contentType":"application/pdf","size":1,"status":"AVAILABLE","createdAt":"","uploadedAt":"","uploadedBy":""}],' +
    '"proposal":{"outcome":"APPROVE","summary":"","by":""},"review":{"agree":true,"note":"","by":""},"result":{"decision":"APPROVED","note":"","electronic":true},' +
    '"completedAt":"","closedAt":"","returnedAt":"",' +
    '"handoffs":[{"from":"DESK","to":"ECONOMICS","handedOverBy":"reception@","handedOverAt":"","receivedBy":"department:ECONOMICS","receivedAt":"","timeliness":"ON_TIME"},' +
    '{"from":"OFFICE","to":"DESK","handedOverBy":"clerk@","handedOverAt":"","receivedBy":"desk:results-intake","receivedAt":"","timeliness":"ON_TIME"}],' +
    '"steps":[{"step":"RECEPTION","department":"DESK","actor":"reception@","startedAt":"","dueAt":"","completedAt":"","timeliness":"EARLY"},' +
    '{"step":"ASSIGNMENT","department":"ECONOMICS","startedAt":"","dueAt":"","actor":"head-economics@","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"APPRAISAL","department":"ECONOMICS","actor":"specialist-economics@","startedAt":"","dueAt":"","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"REVIEW","department":"ECONOMICS","startedAt":"","dueAt":"","actor":"head-economics@","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"APPROVAL","department":"OFFICE","startedAt":"","dueAt":"","actor":"leader@","completedAt":"","timeliness":"ON_TIME"},' +
    '{"step":"ISSUANCE","department":"OFFICE","startedAt":"","dueAt":"","actor":"clerk@","completedAt":"","timeliness":"ON_TIME"}],' +
    '"history":[{"at":"","action":"submit","actor":"","status":"SUBMITTED","access":{"at":"","roles":["PORTAL"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"accept","actor":"reception@","status":"IN_PROCESSING","step":"RECEPTION","access":{"at":"","roles":["RECEPTION"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"receive","actor":"department:ECONOMICS","status":"IN_PROCESSING","step":"ASSIGNMENT"},' +
    '{"at":"","action":"assign","actor":"head-economics@","status":"IN_PROCESSING","step":"APPRAISAL","access":{"at":"","roles":["DEPT_HEAD"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"propose","actor":"specialist-economics@","status":"IN_PROCESSING","step":"REVIEW","note":"APPROVE: ","access":{"at":"","roles":["SPECIALIST"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"review","actor":"head-economics@","status":"IN_PROCESSING","step":"APPROVAL","note":"","access":{"at":"","roles":["DEPT_HEAD"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"approve","actor":"leader@","status":"IN_PROCESSING","step":"ISSUANCE","note":"APPROVED: ","access":{"at":"","roles":["LEADER"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"issue","actor":"clerk@","status":"IN_PROCESSING","step":"ISSUANCE","access":{"at":"","roles":["CLERK"],"sourceIp":"","requestId":""}},' +
    '{"at":"","action":"receive-result","actor":"desk:results-intake","status":"RESULT_READY"},' +
    '{"at":"","action":"return","actor":"reception@","status":"RETURNED","access":{"at":"","roles":["RECEPTION"],"sourceIp":"","requestId":""}}]}' +
    ':00+07:00","',
);

const compress = (value: unknown) => deflateRawSync(Buffer.from(JSON.stringify(value)), { level: 9, dictionary: BODY_DICTIONARY });
const decompress = (bytes: Uint8Array): unknown => JSON.parse(inflateRawSync(bytes, { dictionary: BODY_DICTIONARY }).toString('utf8'));

/** Bytes of each entry's hash kept in the item; the head is kept whole. */
const CHECK_BYTES = 8;

/**
 * The history chain as stored: the first 8 bytes of each entry's hash (enough to name the first
 * entry that no longer matches) and the head in full (what makes the chain as strong as SHA-256:
 * no edit of any entry leaves the recomputed head equal to it). 8 + 32 bytes against 32 per entry.
 */
const packChain = (d: Dossier) => ({
  [ATTRIBUTES.checks]: Buffer.from(d.history.map((h) => h.hash.slice(0, 2 * CHECK_BYTES)).join(''), 'hex'),
  [ATTRIBUTES.head]: Buffer.from(d.history.at(-1)?.hash ?? '', 'hex'),
});

/**
 * Each entry's hash again: recomputed from the stored entries while they match their stored
 * checks and the head; from the first that does not, the stored check itself (padded with
 * zeros), so the verification names that entry.
 */
function unpackChain(id: string, history: UnchainedEntry[], checks: Uint8Array | undefined, head: Uint8Array | undefined): HistoryEntry[] {
  const stored = Buffer.from(checks ?? []).toString('hex');
  const storedHead = Buffer.from(head ?? []).toString('hex');
  let previous = CHAIN_ORIGIN;
  let intact = true;
  return history.map((entry, i) => {
    const check = stored.slice(i * 2 * CHECK_BYTES, (i + 1) * 2 * CHECK_BYTES);
    const computed = entryHash(id, i + 1, previous, entry);
    const last = i === history.length - 1;
    intact &&= computed.startsWith(check) && check.length === 2 * CHECK_BYTES && (!last || computed === storedHead);
    const hash = intact ? computed : last && storedHead ? storedHead : check.padEnd(64, '0');
    previous = hash;
    return { ...entry, hash };
  });
}

/**
 * The stored item of a dossier, kept near 1 KB so that most writes cost one unit: its summary
 * fields as attributes (what indexes key and project on), the rest as JSON deflated against a
 * preset dictionary — without the fields already stored as attributes, with the procedure by
 * reference to its catalogue version, and with the history chain's checks and head beside it — and
 * the keys of every index it belongs to now. Index sort keys need not be unique, so they hold
 * the time alone.
 */
export function dossierItem(d: Dossier): Record<string, unknown> {
  const { rating: _rating, procedure: _procedure, history, applicant, applicantKeys, ...rest } = d;
  const { name: _name, ...contact } = applicant;
  const body: Record<string, unknown> = {
    ...Object.fromEntries(
      Object.entries(rest).filter(([k]) => !(ATTRIBUTE_FIELDS as readonly string[]).includes(k) && !(KEYED_TIMES as readonly string[]).includes(k)),
    ),
    applicant: contact,
    history: history.map(({ hash: _hash, ...entry }) => entry),
  };
  const open = isOpen(d.status);
  return {
    ...keys.dossier(d.commune, d.id),
    ...summaryAttributes(d),
    [ATTRIBUTES.body]: compress(body),
    ...(d.history.length ? packChain(d) : {}),
    worklistPK: keys.worklistPK(d.commune, d.status),
    worklistSK: d.submittedAt,
    ...(open && d.assignee ? { assigneePK: keys.assigneePK(d.commune, d.assignee) } : {}),
    ...(d.code ? { codePK: keys.codePK(d.code) } : {}),
    ...(open && d.dueAt ? { openPK: keys.openPK(d.commune), openSK: d.dueAt } : {}),
    ...(d.acceptedAt ? { acceptedPK: keys.acceptedPK(d.commune, d.acceptedAt.slice(0, 7)), acceptedSK: d.acceptedAt } : {}),
    ...(d.closedAt ? { closedPK: keys.closedPK(d.commune, d.closedAt.slice(0, 7)), closedSK: d.closedAt } : {}),
    // Keys that never change after submission: these indexes are written once, at creation.
    ...(applicantKeys ? { idNumberPK: keys.idNumberPK(d.commune, applicantKeys.idNumber) } : {}),
    ...(applicantKeys?.phone ? { phonePK: keys.phonePK(d.commune, applicantKeys.phone) } : {}),
    ...(d.receivingUnit !== d.commune ? { receivedPK: keys.receivedPK(d.receivingUnit) } : {}),
  };
}

/**
 * The dossier of a stored item, its procedure still a reference (the stream's images are read
 * so, without the catalogue); a rating is written beside the body, once, and read back into it.
 */
export function storedDossierOf(item: Record<string, unknown>): StoredDossier {
  const body = decompress(item[ATTRIBUTES.body] as Uint8Array) as Omit<StoredDossier, (typeof ATTRIBUTE_FIELDS)[number]>;
  const summary = summaryOfItem(item);
  const own = Object.fromEntries(ATTRIBUTE_FIELDS.flatMap((f) => (summary[f] === undefined ? [] : [[f, summary[f]]])));
  return {
    ...body,
    ...own,
    procedure: (({ code, version }) => ({ code, version }))(parseProcedureRef(item[ATTRIBUTES.procedureRef])),
    applicant: { ...(body.applicant as Omit<Dossier['applicant'], 'name'>), name: String(item[ATTRIBUTES.applicantName]) },
    ...(item.idNumberPK ? { applicantKeys: applicantKeysOfItem(item) } : {}),
    ...(item.acceptedSK ? { acceptedAt: item.acceptedSK } : {}),
    ...(item.closedSK ? { closedAt: item.closedSK } : {}),
    history: unpackChain(String(summary.id), body.history, item[ATTRIBUTES.checks] as Uint8Array | undefined, item[ATTRIBUTES.head] as Uint8Array | undefined),
    ...(item.rating ? { rating: item.rating as Dossier['rating'] } : {}),
  } as StoredDossier;
}

/** The dossier of a stored item with its procedure, the catalogue version it refers to. */
export function dossierFromItem(item: Record<string, unknown>, procedure: Procedure): Dossier {
  const stored = storedDossierOf(item);
  if (procedure.code !== stored.procedure.code || procedure.version !== stored.procedure.version) {
    throw new Error(`dossier ${stored.id} is worked under ${stored.procedure.code} v${stored.procedure.version}, not v${procedure.version}`);
  }
  return { ...stored, procedure };
}

/** The table key of a dossier from any of its index entries (keys-only projections). */
export const tableKey = (item: Record<string, unknown>) => ({ PK: item.PK as string, SK: item.SK as string });
