import { codeDay, dossierCode } from '../domain/codes.js';
import { eachAtMost } from '../domain/concurrency.js';
import { ReceiptBookMoved, RefundTaken, RegisterMoved, VersionConflict } from '../domain/conflicts.js';
import { DEFAULT_RECEIPT_BOOK, ledgerChange, MAX_RECEIPTS, type ReceiptBook } from '../domain/payment.js';
import { registerSymbol, type RegisterEntry } from '../domain/signing.js';
import { localDate } from '../domain/time.js';
import { check, decide, refundOverpayment, RULES, type Action, type Command, type Decision } from '../domain/lifecycle.js';
import type { Actor, Dossier } from '../domain/model.js';
import { communeProcedure, type ProvinceConfig } from '../domain/province.js';
import { logger } from '../observability/logger.js';
import { countDossiers } from '../observability/metrics.js';
import type { Clock, DossierStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { refused, Refused } from './refusal.js';
import type { tenancy } from './access.js';
import type { AccessSource } from './audit.js';

/** What a caller gives for a step: the command without its type (and, for accept, without what the application adds). */
export type StepInput<A extends Action> = A extends 'accept' ? Record<string, never> : Omit<Extract<Command, { type: A }>, 'type' | 'numbers' | 'book'>;

export interface StepRequest<A extends Action> {
  actor: Actor;
  commune: string;
  id: string;
  /** The version the caller's change is based on; without one, a concurrent change by the system is absorbed. */
  expectedVersion?: number;
  input: StepInput<A>;
  /** The API request of an official's change: its history entry keeps it as the change's access trail entry. */
  source?: AccessSource;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A daily sequence is kept a week, long after its day can issue codes. */
const SEQUENCE_KEPT_S = 7 * 24 * 3600;
const MAX_ATTEMPTS = 3;
/** Collections, callbacks and issues at once may each find the receipt book or the register moved on: each tries again, numbering anew, up to this many times. */
export const MAX_NUMBERING_ATTEMPTS = 40;
/** Items of a batch worked at once: enough to hide the store's latency, few enough for one function. */
const BATCH_CONCURRENCY = 5;

/** One dossier of a batch: its id, the version the caller saw, the step's input (or why it is no valid input). */
export interface BatchItem<A extends Action> {
  id: string;
  expectedVersion?: number;
  input: StepInput<A> | Refused;
}

/** What became of one item of a batch: the dossier after its step, or why the step was not taken. */
export type BatchResult = { id: string; dossier: Dossier } | { id: string; refusal: Refused };

/**
 * The next line of a commune's outgoing register (sổ văn bản đi) for a result issued at `now`:
 * its number in this year's register, the symbol and date given or their defaults. The counter
 * is stored with the dossier in one transaction, which fails with RegisterMoved when another
 * issue took the number first: the caller then takes the next line again.
 */
export async function nextRegisterLine(
  store: Pick<DossierStore, 'lastRegisterNumber'>,
  commune: string,
  now: number,
  given: { symbol?: string; issuedOn?: string } = {},
): Promise<{ registration: RegisterEntry; counter: { year: string; number: number } }> {
  const today = localDate(now);
  const year = today.slice(0, 4);
  const number = (await store.lastRegisterNumber(commune, year)) + 1;
  return { registration: { number, symbol: given.symbol ?? registerSymbol(number), issuedOn: given.issuedOn ?? today }, counter: { year, number } };
}

/** The commune's receipt book and its next numbers this year, as many as one collection may issue. */
export async function nextReceiptNumbers(
  store: Pick<DossierStore, 'lastReceiptNumber'>,
  dossier: Dossier,
  config: ProvinceConfig,
  now: number,
): Promise<{ book: ReceiptBook; numbers: number[] }> {
  const book = config.communes.find((c) => c.code === dossier.commune)?.receiptBook ?? DEFAULT_RECEIPT_BOOK;
  const last = await store.lastReceiptNumber(dossier.commune, book.series, localDate(now).slice(0, 4));
  return { book, numbers: Array.from({ length: MAX_RECEIPTS }, (_, i) => last + 1 + i) };
}

/** Waits a little, longer with each try, before numbering again from a receipt book or register that moved on. */
export const backOff = (attempt: number) => pause(Math.random() * 20 * attempt);

export interface StepDeps {
  store: DossierStore;
  clock: Clock;
  provinces: Provinces;
  access: ReturnType<typeof tenancy>;
}

/**
 * One workflow step: read the dossier, check role, department and state, build the command
 * (accept needs a code), decide, store on the read version. A hand-over the step makes is sent
 * from the table's stream (shared/streams/dossier-events.ts), once the change is stored.
 */
export function workflow({ store, clock, provinces, access }: StepDeps) {
  /** The command of a step; only accept needs I/O (the dossier code's daily sequence). */
  async function commandOf<A extends Action>(action: A, input: StepInput<A>, dossier: Dossier, config: ProvinceConfig): Promise<Command> {
    if (action === 'collect')
      return { type: 'collect', ...(input as StepInput<'collect'>), ...(await nextReceiptNumbers(store, dossier, config, clock.now())) };
    if (action === 'issue') return { type: 'issue', registration: (await nextRegisterLine(store, dossier.commune, clock.now())).registration };
    if (action !== 'accept') return { type: action, ...input } as Command;
    const now = clock.now();
    const sequence = await store.nextSequence(dossier.receivingUnit, codeDay(now), Math.floor(now / 1000) + SEQUENCE_KEPT_S);
    // The commune's own commitment (its catalogue) sets the deadline the dossier is accepted under.
    const current = communeProcedure(config, dossier.commune, dossier.procedure.code);
    return { type: 'accept', code: dossierCode(dossier.receivingUnit, now, sequence), ...(current ? { procedure: current } : {}) };
  }

  /**
   * The leader gives back an online payment the platform took when it was no longer owed: found
   * by its reference among the commune's money owed back, for this very dossier, once.
   */
  async function refundOnline(request: StepRequest<'refund'>, reference: string): Promise<Dossier> {
    const { expectedVersion: expected } = request;
    for (let attempt = 1; ; attempt++) {
      const { config, dossier, actor } = await access.dossierFor(request.actor, request.commune, request.id);
      if (!actor.roles.includes('LEADER')) throw new Refused('forbidden', "'refund' needs one of the roles LEADER");
      if (expected !== undefined && expected !== dossier.version) {
        throw new Refused('conflict', `the dossier is at version ${dossier.version}, not ${expected}`);
      }
      const due = await store.getRefundDue(dossier.commune, reference);
      if (!due || due.dossierId !== dossier.id) throw new Refused('not-found', `the dossier has no online payment ${reference} owed back`);
      const source = request.source && { roles: request.actor.roles, ...request.source };
      const ctx = { now: clock.now(), calendar: provinces.calendarOf(config), ...(source ? { source } : {}) };
      const decision = refundOverpayment(dossier, due, request.input.reason, actor, ctx);
      if (!decision.ok) throw refused(decision.refusal);
      try {
        await store.saveRefund(decision.dossier, dossier.version, due, decision.refund);
      } catch (error) {
        if (error instanceof RefundTaken) throw new Refused('conflict', error.message);
        if (!(error instanceof VersionConflict)) throw error;
        if (expected !== undefined || attempt >= MAX_ATTEMPTS) throw new Refused('conflict', error.message);
        continue;
      }
      logger.info('online payment refunded', { dossierId: dossier.id, commune: dossier.commune, reference, version: decision.dossier.version });
      return decision.dossier;
    }
  }

  async function step<A extends Action>(action: A, request: StepRequest<A>): Promise<Dossier> {
    const owedBack = action === 'refund' ? (request.input as StepInput<'refund'>).reference : undefined;
    if (owedBack) return refundOnline(request as StepRequest<'refund'>, owedBack);
    const { expectedVersion: expected } = request;
    // Without a version from the client, a concurrent change by the system (a queue consumer
    // recording a hand-over) is absorbed by reading again; with one, it is the client's conflict.
    let numbering = 0;
    for (let attempt = 1; ; attempt++) {
      const { config, dossier, actor } = await access.dossierFor(request.actor, request.commune, request.id);
      const refusal = check(dossier, action, actor);
      if (refusal) throw refused(refusal);
      if (expected !== undefined && expected !== dossier.version) {
        throw new Refused('conflict', `the dossier is at version ${dossier.version}, not ${expected}`);
      }
      const command = await commandOf(action, request.input, dossier, config);
      const source = request.source && { roles: request.actor.roles, ...request.source };
      const decision = decide(dossier, command, actor, { now: clock.now(), calendar: provinces.calendarOf(config), ...(source ? { source } : {}) });
      if (!decision.ok) throw refused(decision.refusal);
      try {
        const registration = command.type === 'issue' ? command.registration : undefined;
        await store.saveDossier(
          decision.dossier,
          dossier.version,
          ledgerChange(dossier.payment, decision.dossier.payment),
          registration && { year: registration.issuedOn.slice(0, 4), number: registration.number },
        );
      } catch (error) {
        if ((error instanceof ReceiptBookMoved || error instanceof RegisterMoved) && ++numbering < MAX_NUMBERING_ATTEMPTS) {
          attempt--;
          await backOff(numbering);
          continue;
        }
        if (!(error instanceof VersionConflict)) throw error;
        if (expected !== undefined || attempt >= MAX_ATTEMPTS) throw new Refused('conflict', error.message);
        continue;
      }
      stored(action, dossier, decision);
      return decision.dossier;
    }
  }

  /**
   * The same step for many dossiers of one commune: each item is its own step (its checks,
   * history entry and events), so one that is refused leaves the others taken. Who may take
   * the step in this commune at all is checked once, before any item.
   */
  async function batch<A extends Action>(
    action: A,
    request: { actor: Actor; commune: string; items: BatchItem<A>[]; source?: AccessSource },
  ): Promise<BatchResult[]> {
    const { actor, commune, source } = request;
    const roles: readonly string[] = RULES[action].roles;
    if (!actor.roles.some((r) => roles.includes(r))) throw new Refused('forbidden', `${action} needs one of the roles ${roles.join(', ')}`);
    await access.communeFor(actor, commune);
    const one = async (item: BatchItem<A>): Promise<BatchResult> => {
      if (item.input instanceof Refused) return { id: item.id, refusal: item.input };
      try {
        const dossier = await step(action, {
          actor,
          commune,
          id: item.id,
          input: item.input,
          ...(item.expectedVersion !== undefined ? { expectedVersion: item.expectedVersion } : {}),
          ...(source ? { source } : {}),
        });
        return { id: item.id, dossier };
      } catch (error) {
        if (error instanceof Refused) return { id: item.id, refusal: error };
        throw error;
      }
    };
    const results: BatchResult[] = new Array(request.items.length);
    await eachAtMost(BATCH_CONCURRENCY, request.items, async (item, i) => {
      results[i] = await one(item);
    });
    logger.info('dossier batch', { action, commune, items: results.length, refused: results.filter((r) => 'refusal' in r).length });
    return results;
  }

  /** After the write: the log line and the count of returned dossiers. */
  function stored(action: Action, dossier: Dossier, decision: Extract<Decision, { ok: true }>) {
    logger.info('dossier transition', { action, dossierId: dossier.id, commune: dossier.commune, version: decision.dossier.version });
    if (action === 'return') countDossiers('DossiersReturned', ...(decision.dossier.timeliness === 'LATE' ? (['DossiersReturnedLate'] as const) : []));
  }

  return { step, batch };
}

export type Workflow = ReturnType<typeof workflow>;
