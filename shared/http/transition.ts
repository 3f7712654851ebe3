import type * as z from 'zod/mini';
import type { Action } from '../domain/lifecycle.js';
import type { Dossier } from '../domain/model.js';
import type { StepInput, Workflow } from '../app/transition.js';
import { routes } from './api/workflow.js';
import { httpHandler } from './handler.js';
import { expectedVersionOf } from './versions.js';
import { dossierView } from './views.js';

type Body<A extends Action> = z.output<NonNullable<(typeof routes)[A]['body']>>;

/**
 * The handler of one workflow step (its declaration in shared/http/api/workflow.ts): the body is
 * the step's input, the answer the dossier after it. The change is on the access trail through
 * its history entry, which keeps the request.
 */
export function transitionRoute<A extends Action>(action: A, workflow: Workflow, answer: (d: Dossier) => unknown = dossierView) {
  return httpHandler(routes[action] as (typeof routes)['accept'], async ({ actor, params, body, headers, requestContext }) => {
    const { expectedVersion, ...input } = body as Body<A>;
    const dossier = await workflow.step(action, {
      actor,
      commune: params.c,
      id: params.id,
      expectedVersion: expectedVersionOf(expectedVersion, headers['if-match']),
      input: input as unknown as StepInput<A>,
      source: requestContext,
    });
    return { status: 200, body: answer(dossier), headers: { etag: `"${dossier.version}"` } };
  });
}
