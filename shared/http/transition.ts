import type * as z from 'zod/mini';
import { check, decide, type Action, type Command, type Decision, type HandoffMessage } from '../domain/lifecycle.js';
import type { Dossier } from '../domain/model.js';
import { clock } from '../adapters/clock.js';
import { saveDossier, VersionConflict, type ProvinceConfig } from '../adapters/repository.js';
import { httpHandler } from './handler.js';
import { logger } from './logger.js';
import { badRequest, conflict, forbidden, Problem } from './problem.js';
import { expectedVersionOf } from './versions.js';
import { dossierParams, transitionBodies } from './schemas.js';
import { calendarOf, dossierFor } from './tenancy.js';
import { dossierView } from './views.js';

type Body<A extends Action> = z.output<(typeof transitionBodies)[A]>;

export function refusalProblem(refusal: { kind: 'forbidden' | 'conflict' | 'invalid'; detail: string }): Problem {
  if (refusal.kind === 'forbidden') return forbidden(refusal.detail);
  if (refusal.kind === 'conflict') return conflict(refusal.detail);
  return badRequest(refusal.detail);
}

/**
 * The route of one workflow step: read the dossier, check role, department and state, build the
 * command (which may need I/O, e.g. a code), decide, store on the read version, hand over.
 */
export function transitionRoute<A extends Action>(
  action: A,
  command: (body: Body<A>, dossier: Dossier, config: ProvinceConfig) => Command | Promise<Command>,
  answer: (d: Dossier) => unknown = dossierView,
  /** How the hand-overs this step makes are sent (accept and issue only). */
  handOver?: (message: HandoffMessage) => Promise<void>,
) {
  return httpHandler({
    params: dossierParams,
    body: transitionBodies[action],
    handle: async ({ actor, params, body, headers }) => {
      const expected = expectedVersionOf((body as { expectedVersion?: number }).expectedVersion, headers['if-match']);
      // Without a version from the client, a concurrent change by the system (a queue consumer
      // recording a hand-over) is absorbed by reading again; with one, it is the client's 409.
      for (let attempt = 1; ; attempt++) {
        const { config, dossier, actor: acting } = await dossierFor(actor, params.c, params.id);
        const refusal = check(dossier, action, acting);
        if (refusal) throw refusalProblem(refusal);
        if (expected !== undefined && expected !== dossier.version) {
          throw conflict(`the dossier is at version ${dossier.version}, not ${expected}`);
        }
        const decision = decide(dossier, await command(body as Body<A>, dossier, config), acting, { now: clock.now(), calendar: calendarOf(config) });
        if (!decision.ok) throw refusalProblem(decision.refusal);
        if (decision.handoff && !handOver) throw new Error(`'${action}' makes a hand-over but has no way to send it`);
        try {
          await saveDossier(decision.dossier, dossier.version);
        } catch (error) {
          if (!(error instanceof VersionConflict)) throw error;
          if (expected !== undefined || attempt >= MAX_ATTEMPTS) throw conflict(error.message);
          continue;
        }
        return stored(dossier, decision);
      }
    },
  });

  /** After the write: log, hand over (a failed send is left to the sweeper), answer. */
  async function stored(dossier: Dossier, decision: Extract<Decision, { ok: true }>) {
    logger.info('dossier transition', { action, dossierId: dossier.id, commune: dossier.commune, version: decision.dossier.version });
    if (decision.handoff && handOver) {
      // Stored first: a failed send leaves the dossier in the in-transit index, where the sweeper resends it.
      await handOver(decision.handoff).catch((error: unknown) =>
        logger.warn('hand-over not sent; the sweeper will resend it', { dossierId: dossier.id, error: String(error) }),
      );
    }
    return { status: 200, body: answer(decision.dossier), headers: { etag: `"${decision.dossier.version}"` } };
  }
}

const MAX_ATTEMPTS = 3;
