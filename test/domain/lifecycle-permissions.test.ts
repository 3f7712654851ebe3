import { describe, expect, it } from 'vitest';
import { allowedActions, check, decide } from '../../shared/domain/lifecycle.js';
import { type Actor } from '../../shared/domain/model.js';
import { commands, ctxAt, deepFreeze, MINUTE, officials, Story } from './fixtures.js';
import {
  ACTIONS,
  ALLOWED_CELLS,
  commandFor,
  DAY,
  expected,
  HOUR,
  OFFICIALS,
  PAUSED_IN_DEPARTMENT,
  PERMISSION_TABLE,
  PROCESSING,
  scenarios,
  type State,
  stateOf,
} from './lifecycle-table.js';

const { reception, head, otherHead, colleague } = officials;

describe('the permission matrix: every action × every role × every reachable state', () => {
  const all = scenarios();

  it('reaches every state of the design table, and the labels of the scenarios match their states', () => {
    // Prepare
    const reached = new Set(all.map(([, s]) => stateOf(s.dossier)));
    const named = new Set(PERMISSION_TABLE.flatMap((r) => r.states));

    // Assess
    for (const state of named) expect(reached, `no scenario in ${state}`).toContain(state);
    expect(reached).toEqual(
      new Set<State>([
        'SUBMITTED',
        'AWAITING_PAYMENT',
        'SUPPLEMENT_REQUESTED before acceptance',
        'REFUSED',
        'REFUSED, paid',
        'WITHDRAWN',
        'WITHDRAWN, paid',
        ...PROCESSING,
        ...PAUSED_IN_DEPARTMENT,
        'RESULT_READY',
        'RESULT_READY, result fees unpaid',
        'RETURNED',
      ]),
    );
  });

  it('allows exactly what the design allows and refuses the rest as forbidden (403) or conflict (409)', () => {
    // Prepare
    const mismatches: string[] = [];
    const allowedSeen = new Set<string>();
    let count = 0;

    // Act
    for (const [name, story] of all) {
      const d = deepFreeze(story.dossier);
      const before = structuredClone(d);
      for (const action of ACTIONS) {
        for (const who of OFFICIALS) {
          const actor = officials[who];
          const want = expected(d, action, actor);
          const decision = decide(d, commandFor(action, d), actor, ctxAt(story.now + 30 * MINUTE));
          const got: string = decision.ok ? 'ok' : decision.refusal.kind;
          count++;
          if (got !== want) mismatches.push(`${action} by ${who} when ${name} [${stateOf(d)}]: expected ${want}, got ${got}`);
          if (decision.ok) allowedSeen.add(`${action}|${actor.roles[0]}|${stateOf(d)}`);
          // check() is what the HTTP layer calls before building the command: it must agree.
          const checked = check(d, action, actor);
          if ((checked?.kind ?? 'ok') !== (decision.ok ? 'ok' : decision.refusal.kind)) {
            mismatches.push(`${action} by ${who} when ${name}: check() says ${checked?.kind ?? 'ok'}, decide() ${got}`);
          }
        }
      }
      // What the console offers as buttons is exactly what decide() carries out.
      for (const who of OFFICIALS) {
        const actor = officials[who];
        const carriedOut = ACTIONS.filter((action) => decide(d, commandFor(action, d), actor, ctxAt(story.now + 30 * MINUTE)).ok);
        if (allowedActions(d, actor).join() !== carriedOut.join()) {
          mismatches.push(`allowedActions for ${who} when ${name}: ${allowedActions(d, actor).join()} ≠ ${carriedOut.join()}`);
        }
      }
      expect(d, `decide mutated the dossier ${name}`).toEqual(before);
    }

    // Assess
    expect(mismatches).toEqual([]);
    expect(count).toBe(all.length * ACTIONS.length * OFFICIALS.length); // 37 scenarios × 15 actions × 11 officials
    expect(count).toBe(6105);
    // Every allowed cell of the design table was exercised by at least one scenario.
    expect([...ALLOWED_CELLS].filter((c) => !allowedSeen.has(c))).toEqual([]);
  });

  it('lets an actor with several roles act under whichever role the state allows', () => {
    // Prepare
    const deskAndHead: Actor = { ...head, sub: 'both-1', roles: ['RECEPTION', 'DEPT_HEAD'] };
    const submitted = Story.submit();
    const appraisal = submitted.to('APPRAISAL');

    // Act
    const before = decide(submitted.dossier, commands.requestSupplement(), deskAndHead, ctxAt(submitted.now + HOUR));
    const during = decide(appraisal.dossier, commands.requestSupplement(), deskAndHead, ctxAt(appraisal.now + HOUR));
    const approve = decide(submitted.to('APPROVAL').dossier, commands.approve(), deskAndHead, ctxAt(appraisal.now + DAY));

    // Assess
    expect(before.ok && before.dossier.resumeStatus).toBe('SUBMITTED');
    expect(during.ok && during.dossier.resumeStatus).toBe('IN_PROCESSING');
    expect(approve.ok ? 'ok' : approve.refusal.kind).toBe('forbidden');
  });

  it('answers forbidden before conflict, so a wrong role never learns the state', () => {
    // Prepare
    const returned = Story.submit().to('RETURNED').dossier;

    // Act
    const byAuditor = check(returned, 'accept', officials.auditor);
    const byForeignHead = check(returned, 'review', otherHead);
    const byColleague = check(returned, 'propose', colleague);
    const byDesk = check(returned, 'accept', reception);

    // Assess
    expect(byAuditor?.kind).toBe('forbidden');
    expect(byForeignHead?.kind).toBe('forbidden');
    expect(byColleague?.kind).toBe('forbidden');
    expect(byDesk).toMatchObject({ kind: 'conflict', detail: expect.stringContaining('RETURNED') });
  });

  // A department head acts for its own department only: the head of CULTURE_SOCIETY may not pause
  // an ECONOMICS dossier with a supplement request, while the desk (RECEPTION) is bound to none.
  it('refuses (403) a supplement request from the head of another department, in every state', () => {
    const refusals = all.map(([name, story]) => {
      const decision = decide(story.dossier, commands.requestSupplement(), otherHead, ctxAt(story.now + HOUR));
      return `${name}: ${decision.ok ? 'ok' : decision.refusal.kind}`;
    });
    expect(refusals).toEqual(all.map(([name]) => `${name}: forbidden`));
  });
});
