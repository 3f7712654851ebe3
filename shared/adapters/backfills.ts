import { isDeepStrictEqual } from 'node:util';
import { currentFormat, FORMAT, formatOf, kindOf, stamped, upgraded } from './formats.js';

/*
 * The backfills `npm run migrate` runs (scripts/migrate.ts), in order: each says which stored
 * items it changes and how it changes one. The runner scans the table, writes each change as
 * one conditional update, and keeps a checkpoint; a backfill only says what, never how fast.
 */

type Item = Record<string, unknown>;

/** The change one item needs: attributes to set, written only while those attributes still hold the values the change was made from. */
export interface ItemChange {
  set: Item;
  /** The values read of every attribute in `set` (undefined: absent then), which must still be there. */
  from: Item;
}

export interface Backfill {
  /** Names its checkpoint: never reused for another backfill. */
  name: string;
  description: string;
  /** Whether a stored item is one it changes; a changed item is one it no longer selects, so a second run changes nothing. */
  selects: (item: Item) => boolean;
  change: (item: Item) => ItemChange;
}

/** Every item of a known kind in an older format than its kind's current one, or not naming its format. */
const formats: Backfill = {
  name: 'current-formats',
  description: 'rewrites every item stored in an older format in the current one, and names it',
  selects: (item) => {
    const kind = kindOf(item);
    return kind !== undefined && (item[FORMAT] === undefined || formatOf(item) < currentFormat(kind));
  },
  change: (item) => {
    const kind = kindOf(item)!;
    const current = stamped(kind, upgraded(kind, item));
    const set = Object.fromEntries(Object.entries(current).filter(([name, value]) => !isDeepStrictEqual(item[name], value)));
    return { set, from: Object.fromEntries(Object.keys(set).map((name) => [name, item[name]])) };
  },
};

export const BACKFILLS: readonly Backfill[] = [formats];
