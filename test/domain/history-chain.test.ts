import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { changesOnTrail } from '../../shared/domain/audit.js';
import { CHAIN_ORIGIN, historyHead, verifyHistory } from '../../shared/domain/history-chain.js';
import { decide } from '../../shared/domain/lifecycle.js';
import type { Dossier } from '../../shared/domain/model.js';
import { at, commands, ctxAt, officials, Story } from './fixtures.js';

const returned = (): Dossier => {
  let story = Story.submit();
  for (const step of ['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE', 'ISSUED', 'RESULT_READY', 'RETURNED'] as const)
    story = story.to(step);
  return story.dossier;
};

describe('the history chain of the process control sheet', () => {
  it('hashes each entry over its canonical form and the hash before it, as documented', () => {
    const d = returned();

    // The canonical form of docs/domain.md, computed here independently of the module.
    let previous = CHAIN_ORIGIN;
    d.history.forEach((e, i) => {
      const access = e.access ? [e.access.at, e.access.roles, e.access.sourceIp, e.access.requestId] : null;
      const canonical = JSON.stringify([
        'mot-cua/history/v2',
        d.id,
        i + 1,
        previous,
        e.at,
        e.action,
        e.actor,
        e.status,
        e.step ?? null,
        e.note ?? null,
        access,
      ]);
      expect(e.hash, `entry ${i + 1}`).toBe(createHash('sha256').update(canonical, 'utf8').digest('hex'));
      previous = e.hash;
    });
    expect(historyHead(d)).toEqual({ hash: d.history.at(-1)!.hash, entries: 10 });
    expect(verifyHistory(d)).toEqual({ valid: true, head: historyHead(d) });
  });

  it('names the first entry edited, inserted or removed, whatever follows it', () => {
    const d = returned();
    const edited = { ...d, history: d.history.map((e, i) => (i === 3 ? { ...e, actor: 'someone-else' } : e)) };
    const removed = { ...d, history: d.history.filter((_, i) => i !== 5) };
    const forged = { ...d, history: d.history.map((e, i) => (i === 7 ? { ...e, note: 'sửa', hash: 'f'.repeat(64) } : e)) };
    const swapped = { ...d, history: [d.history[0]!, d.history[2]!, d.history[1]!, ...d.history.slice(3)] };
    const moved = { ...d, id: '00000000-0000-4000-8000-000000000000' };

    const first = (x: Dossier) => {
      const check = verifyHistory(x);
      return check.valid ? undefined : check.firstMismatch.seq;
    };

    expect([first(edited), first(removed), first(forged), first(swapped), first(moved)]).toEqual([4, 6, 8, 2, 1]);
    const check = verifyHistory(edited);
    expect(check.valid === false && check.firstMismatch).toMatchObject({ action: d.history[3]!.action, stored: d.history[3]!.hash });
  });

  it('starts from 64 zeros and is empty-headed without entries', () => {
    expect(historyHead({ history: [] })).toEqual({ hash: CHAIN_ORIGIN, entries: 0 });
    expect(verifyHistory({ id: 'x', history: [] }).valid).toBe(true);
  });

  it("chains a change's access (when to the millisecond, roles, address, request) with its entry, and the trail reads it back", () => {
    const source = { roles: officials.reception.roles, sourceIp: '203.0.113.7', requestId: 'Bj2kAhMuoAMEM6g=' };
    const now = at('2026-03-02T08:00+07:00') + 123;
    const decision = decide(Story.submit().dossier, commands.accept(), officials.reception, { ...ctxAt(now), source });
    if (!decision.ok) throw new Error(decision.refusal.detail);
    const d = decision.dossier;
    const entry = d.history.at(-1)!;

    expect(entry.access).toEqual({ at: '2026-03-02T08:00:00.123+07:00', ...source });
    expect(d.history[0]!.access).toBeUndefined();
    expect(verifyHistory(d).valid).toBe(true);
    expect(changesOnTrail(d)).toEqual([
      { at: '2026-03-02T08:00:00.123+07:00', sub: officials.reception.sub, action: 'accept', commune: d.commune, dossierId: d.id, ...source },
    ]);
    const moved = { ...d, history: d.history.map((e, i) => (i === 1 ? { ...e, access: { ...e.access!, sourceIp: '198.51.100.1' } } : e)) };
    const check = verifyHistory(moved);
    expect(check.valid === false && check.firstMismatch.seq).toBe(2);
  });
});
