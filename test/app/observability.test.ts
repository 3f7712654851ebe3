/** What an operator reads off the logs: business metrics in embedded metric format, and each line's invocation. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// As on Lambda, whatever another suite of this worker set.
vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

import { lambdaContext } from '../../infra/local/lambda-context.js';
import { observed } from '../../shared/observability/lambda.js';
import { logger } from '../../shared/observability/logger.js';
import { COMMUNE, officials } from '../domain/fixtures.js';
import { inMemoryApp, newDossier } from './support.js';

const HOUR = 3_600_000;
let lines: string[] = [];

beforeEach(() => {
  lines = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  logger.setLogLevel('SILENT');
});

/** The metrics that the embedded-metric-format lines written so far count, summed by name. */
function counted(): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of lines) {
    const record = JSON.parse(line) as { _aws?: { CloudWatchMetrics: { Namespace: string; Metrics: { Name: string }[] }[] } } & Record<string, unknown>;
    for (const group of record._aws?.CloudWatchMetrics ?? []) {
      expect(group.Namespace).toBe('MotCua');
      for (const { Name } of group.Metrics) sums[Name] = (sums[Name] ?? 0) + (record[Name] as number);
    }
  }
  return sums;
}

describe('business metrics', () => {
  it('count a dossier received, returned, and returned late — once each, with no personal data', async () => {
    const { app, clock, sent } = inMemoryApp();
    const { reception, head, specialist, leader, clerk } = officials;
    const { dossier } = await app.submit({ actor: reception, commune: COMMUNE, input: newDossier });
    expect(counted()).toEqual({ DossiersReceived: 1 });

    const ref = { commune: COMMUNE, id: dossier.id };
    await app.step('accept', { actor: reception, ...ref, input: {} });
    await app.handoffs.receive(sent[0]!, (to) => to !== 'DESK');
    await app.step('assign', { actor: head, ...ref, input: { assignee: specialist.sub } });
    clock.at += 30 * 24 * HOUR; // a month: far past the appointment
    await app.step('propose', { actor: specialist, ...ref, input: { outcome: 'APPROVE', summary: 'Đủ điều kiện' } });
    await app.step('review', { actor: head, ...ref, input: { agree: true, note: 'Trình ký' } });
    await app.step('approve', { actor: leader, ...ref, input: { decision: 'APPROVED', note: 'Đồng ý' } });
    await app.step('issue', { actor: clerk, ...ref, input: {} });
    await app.handoffs.receive(sent.at(-1)!, (to) => to === 'DESK');
    const returned = await app.step('return', { actor: reception, ...ref, input: {} });

    expect(returned.timeliness).toBe('LATE');
    expect(counted()).toEqual({ DossiersReceived: 1, DossiersReturned: 1, DossiersReturnedLate: 1 });
    const written = lines.join('\n');
    for (const personal of [newDossier.applicant.name, newDossier.applicant.idNumber, newDossier.applicant.address]) expect(written).not.toContain(personal);
  });
});

describe('a handler’s log lines', () => {
  it('carry the invocation they belong to, and nothing of the one before', async () => {
    logger.setLogLevel('INFO');
    const handler = observed(async (event: { n: number }) => {
      if (event.n === 1) logger.appendKeys({ firstOnly: true });
      logger.info('handled', { n: event.n });
      return event.n;
    });
    const first = lambdaContext('sla-report');
    const second = lambdaContext('sla-report');
    expect(await handler({ n: 1 }, first)).toBe(1);
    expect(await handler({ n: 2 }, second)).toBe(2);

    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.message === 'handled');
    expect(logged).toMatchObject([
      { n: 1, function_name: 'sla-report', function_request_id: first.awsRequestId, firstOnly: true },
      { n: 2, function_name: 'sla-report', function_request_id: second.awsRequestId, cold_start: false },
    ]);
    expect(logged[1]).not.toHaveProperty('firstOnly');
  });
});
