import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';
import { settled } from '../support/settled.js';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
const logged: string[] = [];
const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

beforeAll(async () => {
  // Every level, so that anything a handler would ever log is seen.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  const capture = (write: typeof writes.out) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = capture(writes.out);
  process.stderr.write = capture(writes.err);
  runtime = await startTestRuntime({ log: (line) => logged.push(line) });
  api = apiClient(runtime);
});

afterAll(async () => {
  await runtime?.stop();
  process.stdout.write = writes.out;
  process.stderr.write = writes.err;
});

describe('personal data', () => {
  it('never appears in anything logged during a whole lifecycle, its failures included', async () => {
    // Prepare
    const who = await officials(api);
    const base = '/v1/communes/H30.01/dossiers';
    const before = logged.length;

    // Act: a lifecycle told by SMS and e-mail, a supplement, a refused request, a failing provider, poison messages
    await api.call('PUT', '/_local/messages/faults', { body: { failNext: 1 } });
    const body = { ...newDossier('1.001612', 'ONLINE'), applicant: { ...applicant, notify: ['SMS', 'EMAIL'] } };
    const created = await api.call('POST', base, { token: who.portal, body, headers: { 'idempotency-key': 'pii-test-0001' } });
    const id = created.body.id;
    const step = (action: string, token: string, body: Record<string, unknown> = {}) => api.call('POST', `${base}/${id}/${action}`, { token, body });
    await step('request-supplement', who.reception, { reason: `Thiếu giấy tờ của ${applicant.name}`, documents: ['CCCD'] });
    await step('supplement', who.portal, { documents: [{ name: `CCCD ${applicant.idNumber}`, kind: 'COPY', count: 1 }] });
    await step('accept', who.reception);
    await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
    await step('assign', who.head.ECONOMICS, { assignee: who.specialistSub('ECONOMICS') });
    await step('propose', who.specialist.ECONOMICS, { outcome: 'APPROVE', summary: `Hồ sơ của ${applicant.name}, SĐT ${applicant.phone}` });
    await step('review', who.head.ECONOMICS, { agree: true, note: 'Trình' });
    await step('approve', who.leader, { decision: 'APPROVED', note: 'Đồng ý' });
    await step('issue', who.clerk);
    await eventually(async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body.status === 'RESULT_READY');
    await step('return', who.reception);
    await api.call('POST', base, { token: who.reception, body: { ...newDossier('1.001612'), applicant: { ...applicant, email: 'not-an-email' } } });
    await runtime.sqs.send(new SendMessageCommand({ QueueUrl: runtime.queueUrls.ECONOMICS, MessageBody: JSON.stringify({ applicant }) }));
    await runtime.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.eventQueueUrls.notifications,
        MessageBody: JSON.stringify({ applicant }),
        MessageGroupId: 'poison',
        MessageDeduplicationId: 'poison',
      }),
    );
    await eventually(
      async () =>
        ((await api.call('GET', '/_local/messages')).body.items as { dossierId: string; type: string }[]).filter(
          (m) => m.dossierId === id && m.type === 'dossier.result-ready',
        ).length === 2,
    );
    // The desk reads the messages sent, whose texts carry the applicant's name (the supplement's reason).
    const sent = await api.call('GET', `${base}/${id}/messages`, { token: who.reception });
    expect((sent.body.items as { text?: string }[]).some((m) => m.text?.includes(applicant.name))).toBe(true);
    // The poison messages have been retried to their dead-letter queues, and nothing else is on its way.
    await settled(runtime);
    for (const dlq of [runtime.dlqUrls.ECONOMICS, runtime.eventDlqUrls.notifications]) {
      const { Attributes } = await runtime.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['ApproximateNumberOfMessages'] }));
      expect(Attributes?.ApproximateNumberOfMessages).toBe('1');
    }

    // Assess
    const text = logged.slice(before).join('\n');
    expect(text).toContain('dossier transition');
    expect(text).toContain('applicant notified');
    expect(text).toContain('notification failed');
    for (const secret of [applicant.name, applicant.idNumber, applicant.phone, applicant.phone.slice(1), applicant.email, applicant.address]) {
      expect(text, `logged ${secret}`).not.toContain(secret);
    }
  });
});
