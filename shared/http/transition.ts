import type * as z from 'zod/mini';
import type { Action } from '../domain/lifecycle.js';
import type { Dossier } from '../domain/model.js';
import { Refused } from '../app/refusal.js';
import type { SignedApprovalResult, Signing } from '../app/signing.js';
import type { BatchItem, BatchResult, StepInput, Workflow } from '../app/transition.js';
import { routes, steps } from './api/workflow.js';
import { httpHandler } from './handler.js';
import { problemDocument, problemOf } from './problem.js';
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

type BatchOutcome = BatchResult | SignedApprovalResult;

/**
 * The batch route: each item's body is checked against its step's own schema (an invalid one
 * fails that item alone), then every item is its own step; the answer is a result per item. The
 * approvals with `sign: true` are signed together under one authorisation of the leader (their
 * items answer 202 with the shared session); the others are steps as without signing.
 */
export function batchRoute(workflow: Workflow, signing: Pick<Signing, 'approveMany'>) {
  return httpHandler(routes.batch, async ({ actor, params, body, requestContext }) => {
    const schema = steps[body.action].body!;
    const items = body.items.map((item): BatchItem<Action> => {
      const parsed = schema.safeParse(item.body ?? {});
      if (!parsed.success) {
        const fields = parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message }));
        return { id: item.id, input: new Refused('invalid', 'the item has invalid fields', fields) };
      }
      const { expectedVersion, ...input } = parsed.data as { expectedVersion?: number };
      const version = item.expectedVersion ?? expectedVersion;
      return { id: item.id, ...(version !== undefined ? { expectedVersion: version } : {}), input: input as StepInput<Action> };
    });
    const signs = (item: BatchItem<Action>) =>
      body.action === 'approve' && !(item.input instanceof Refused) && (item.input as { sign?: boolean }).sign === true;
    const signed = items.filter(signs);
    const stepped = items.filter((item) => !signs(item));
    const [taken, approvals] = await Promise.all([
      stepped.length ? workflow.batch(body.action, { actor, commune: params.c, items: stepped, source: requestContext }) : [],
      signed.length
        ? signing.approveMany({
            actor,
            commune: params.c,
            items: signed.map(({ id, expectedVersion, input }) => {
              const { decision, note } = input as StepInput<'approve'>;
              return { id, ...(expectedVersion !== undefined ? { expectedVersion } : {}), input: { decision, note } };
            }),
          })
        : [],
    ]);
    const byId = new Map<string, BatchOutcome>([...taken, ...approvals].map((r) => [r.id, r]));
    const results = items.map((item) => byId.get(item.id)!);
    return {
      status: 200,
      body: {
        results: results.map((r) => {
          if ('session' in r) return { id: r.id, status: 202, version: r.dossier.version, signing: { id: r.session.id, status: 'PENDING' as const } };
          if ('dossier' in r) return { id: r.id, status: 200, version: r.dossier.version };
          const problem = problemOf(r.refusal);
          return { id: r.id, status: problem.status, problem: problemDocument(problem) };
        }),
      },
    };
  });
}
