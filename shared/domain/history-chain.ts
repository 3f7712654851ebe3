import { createHash } from 'node:crypto';
import type { Dossier, HistoryEntry } from './model.js';

/**
 * The process control sheet (phiếu kiểm soát quá trình) made tamper-evident: each history entry
 * carries the SHA-256 of its canonical form, and that form includes the hash of the entry before
 * it, so changing, removing or reordering any stored entry changes every hash after it. The
 * last hash (the head) is shown with the dossier and printed on Form 06: a sheet on paper names
 * the head its history had when printed.
 */

/** Names the canonical form: a new form would be a new tag, and the old one still verifiable. */
export const CHAIN_TAG = 'mot-cua/history/v2';
/** The form of an entry that names its official: the v2 form with the name last, so the name is as tamper-evident as the rest. */
export const NAMED_CHAIN_TAG = 'mot-cua/history/v3';
/** The "previous hash" of a dossier's first entry. */
export const CHAIN_ORIGIN = '0'.repeat(64);

export type UnchainedEntry = Omit<HistoryEntry, 'hash'>;

/**
 * The canonical form of entry number `seq` (1-based) of a dossier's history: the UTF-8 bytes of
 * the JSON array [tag, dossier id, seq, previous hash, at, action, actor, status, step, note,
 * access], access being [at, roles, source address, request id] for a change made through the
 * API, and `null` for an absent step, note or access; an entry that names its official is tagged
 * v3 and has the name after access (entries made before names keep their v2 form and hash). JSON.stringify writes arrays of strings,
 * numbers and nulls one way only (no spaces, fixed escapes), so the bytes follow from the values alone.
 */
export function canonicalEntry(dossierId: string, seq: number, previous: string, e: UnchainedEntry): string {
  const access = e.access ? [e.access.at, e.access.roles, e.access.sourceIp, e.access.requestId] : null;
  const fields = [dossierId, seq, previous, e.at, e.action, e.actor, e.status, e.step ?? null, e.note ?? null, access];
  return JSON.stringify(e.actorName === undefined ? [CHAIN_TAG, ...fields] : [NAMED_CHAIN_TAG, ...fields, e.actorName]);
}

export const entryHash = (dossierId: string, seq: number, previous: string, e: UnchainedEntry): string =>
  createHash('sha256')
    .update(canonicalEntry(dossierId, seq, previous, e), 'utf8')
    .digest('hex');

/** The history with one more entry, chained to the last. */
export function appendHistory(d: Pick<Dossier, 'id' | 'history'>, entry: UnchainedEntry): HistoryEntry[] {
  const previous = d.history.at(-1)?.hash ?? CHAIN_ORIGIN;
  return [...d.history, { ...entry, hash: entryHash(d.id, d.history.length + 1, previous, entry) }];
}

/** What the dossier shows of its chain: the last entry's hash and how many entries it covers. */
export interface HistoryHead {
  hash: string;
  entries: number;
}

export const historyHead = (d: Pick<Dossier, 'history'>): HistoryHead => ({ hash: d.history.at(-1)?.hash ?? CHAIN_ORIGIN, entries: d.history.length });

export type ChainCheck =
  | { valid: true; head: HistoryHead }
  | {
      valid: false;
      head: HistoryHead;
      /** The first entry whose stored hash is not the hash of its stored content and the stored hash before it. */
      firstMismatch: { seq: number; at: string; action: string; stored: string | null; computed: string };
    };

/**
 * Recomputes the chain from the stored entries. Each entry is checked against the stored hash of
 * the one before it, so the first entry edited (or inserted, or whose predecessor was removed)
 * is the one named, whatever follows it.
 */
export function verifyHistory(d: Pick<Dossier, 'id' | 'history'>): ChainCheck {
  const head = historyHead(d);
  let previous = CHAIN_ORIGIN;
  for (const [i, { hash, ...entry }] of d.history.entries()) {
    const computed = entryHash(d.id, i + 1, previous, entry);
    if (hash !== computed) {
      return { valid: false, head, firstMismatch: { seq: i + 1, at: entry.at, action: entry.action, stored: hash ?? null, computed } };
    }
    previous = hash;
  }
  return { valid: true, head };
}
