import { isDeepStrictEqual } from 'node:util';
import { dossierPartOf, syncPartOf } from '../domain/aggregates.js';
import { countDossierPart } from './aggregates.js';
import { idOf, storedDossierOf } from './dossier-item.js';
import { currentFormat, FORMAT, formatOf, kindOf, stamped, upgraded } from './formats.js';
import { syncStateOf } from './national-sync.js';

/*
 * The backfills `npm run migrate` runs (scripts/migrate.ts), in order: each says which stored
 * items it changes and how it changes one — as one conditional update of the item, or as a
 * write of its own (a transaction over several items). The runner scans the table, writes each
 * change, and keeps a checkpoint; a backfill only says what, never how fast.
 */

type Item = Record<string, unknown>;

/** The change one item needs: attributes to set, written only while those attributes still hold the values the change was made from. */
export interface ItemChange {
  set: Item;
  /** The values read of every attribute in `set` (undefined: absent then), which must still be there. */
  from: Item;
}

export type Backfill = {
  /** Names its checkpoint: never reused for another backfill. */
  name: string;
  description: string;
  /** Whether a stored item is one it may change. */
  selects: (item: Item) => boolean;
} & (
  | {
      /** The item's own change; a changed item is one it no longer selects, so a second run changes nothing. */
      change: (item: Item) => ItemChange;
    }
  | {
      /** A write of its own, idempotent: it writes nothing when what it would write is there already. Answers whether it wrote, and the write units. */
      write: (item: Item) => Promise<{ written: boolean; units: number }>;
    }
);

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

/**
 * Every dossier and synchronisation state stored before the aggregates were kept, counted into
 * them as the stream consumer counts a record: a part already counted (by the consumer, or an
 * earlier run) is not counted again, and one counted meanwhile is read again first.
 */
const aggregates: Backfill = {
  name: 'daily-aggregates',
  description: 'counts every stored dossier and its national synchronisation into the daily aggregates, once',
  selects: (item) => kindOf(item) === 'dossier' || kindOf(item) === 'nationalSync',
  write: (item) => {
    const { commune, id } = idOf(item);
    const part = kindOf(item) === 'dossier' ? { dossier: dossierPartOf(storedDossierOf(item)) } : { sync: syncPartOf(syncStateOf(item)) };
    return countDossierPart(commune, id, part);
  },
};

export const BACKFILLS: readonly Backfill[] = [formats, aggregates];
