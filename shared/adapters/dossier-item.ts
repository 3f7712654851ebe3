import { commitmentOf, committed, type Commitment } from '../domain/catalogue.js';
import { CHAIN_ORIGIN, entryHash, type UnchainedEntry } from '../domain/history-chain.js';
import { isOpen, type Dossier, type HistoryEntry, type Procedure } from '../domain/model.js';
import { decodeBody, encodeBody } from './dossier-body.js';
import { stamped, upgraded } from './formats.js';
import { SUMMARY_FIELDS } from '../domain/worklist.js';
import { ATTRIBUTES, keys, STORED_SUMMARY } from './table.js';

/*
 * The dossier item: what of a dossier is stored in which attribute, and back. Its format is
 * named on the item (formats.ts, kind `dossier`); its worklist line is the worklist index's
 * projection of it.
 */

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

/**
 * The summary of a dossier item, or of its worklist line (which projects the table key and its
 * own keys, and no format: formats.ts).
 */
export function summaryOfItem(item: Record<string, unknown>): Record<string, unknown> {
  return {
    ...idOf(item),
    ...(item.codePK ? { code: String(item.codePK) } : {}),
    submittedAt: item.worklistSK,
    ...(item.openSK ? { dueAt: item.openSK } : {}),
    ...Object.fromEntries(STORED_SUMMARY.flatMap((f) => (item[ATTRIBUTES[f]] === undefined ? [] : [[f, item[ATTRIBUTES[f]]]]))),
  };
}

/**
 * What a stored dossier body leaves out and names instead: its catalogue version (immutable once
 * published), and the commune's shorter time when it was accepted under one (the body keeps it).
 */
export type ProcedureVersionRef = Pick<Procedure, 'code' | 'version'> & { commitment?: Commitment };

/** Times kept as attributes of their own (`acceptedSK`, `closedSK`): the body leaves them out. */
const KEYED_TIMES = ['acceptedAt', 'closedAt'] as const;

/** A dossier as stored: its procedure by reference to the catalogue version it is worked under. */
export type StoredDossier = Omit<Dossier, 'procedure'> & { procedure: ProcedureVersionRef };

/** Fields of the dossier kept as attributes of its item (the worklist projects them): the body leaves them out. */
const ATTRIBUTE_FIELDS = SUMMARY_FIELDS.filter(
  (f): f is Exclude<(typeof SUMMARY_FIELDS)[number], 'procedureRef' | 'applicantName'> => f !== 'procedureRef' && f !== 'applicantName',
);

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
 * preset dictionary (dossier-body.ts) — without the fields already stored as attributes, with the procedure by
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
    ...(commitmentOf(d.procedure) ? { commitment: commitmentOf(d.procedure) } : {}),
  };
  const open = isOpen(d.status);
  return stamped('dossier', {
    ...keys.dossier(d.commune, d.id),
    ...summaryAttributes(d),
    [ATTRIBUTES.body]: encodeBody(body),
    ...(d.history.length ? packChain(d) : {}),
    worklistPK: keys.worklistPK(d.commune, d.status),
    worklistSK: d.submittedAt,
    ...(open && d.assignee ? { assigneePK: keys.assigneePK(d.commune, d.assignee) } : {}),
    ...(d.code ? { codePK: keys.codePK(d.code) } : {}),
    ...(open && d.dueAt ? { openPK: keys.openPK(d.commune), openSK: d.dueAt } : {}),
    // The times keep the attribute names of the by-month indexes' sort keys, which the statistics no longer read.
    ...(d.acceptedAt ? { acceptedSK: d.acceptedAt } : {}),
    ...(d.closedAt ? { closedSK: d.closedAt } : {}),
    // Keys that never change after submission: these indexes are written once, at creation.
    ...(applicantKeys ? { idNumberPK: keys.idNumberPK(d.commune, applicantKeys.idNumber) } : {}),
    ...(applicantKeys?.phone ? { phonePK: keys.phonePK(d.commune, applicantKeys.phone) } : {}),
    ...(d.receivingUnit !== d.commune ? { receivedPK: keys.receivedPK(d.receivingUnit) } : {}),
  });
}

/**
 * The dossier of a stored item, its procedure still a reference (the stream's images are read
 * so, without the catalogue); a rating is written beside the body, once, and read back into it.
 */
export function storedDossierOf(stored: Record<string, unknown>): StoredDossier {
  const item = upgraded('dossier', stored);
  const { commitment, ...body } = decodeBody(item[ATTRIBUTES.body] as Uint8Array) as Omit<StoredDossier, (typeof ATTRIBUTE_FIELDS)[number]> & {
    commitment?: Commitment;
  };
  const summary = summaryOfItem(item);
  const own = Object.fromEntries(ATTRIBUTE_FIELDS.flatMap((f) => (summary[f] === undefined ? [] : [[f, summary[f]]])));
  return {
    ...body,
    ...own,
    procedure: (({ code, version }) => ({ code, version, ...(commitment ? { commitment } : {}) }))(parseProcedureRef(item[ATTRIBUTES.procedureRef])),
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
  return { ...stored, procedure: committed(procedure, stored.procedure.commitment) };
}
