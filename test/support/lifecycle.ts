import type { Department } from '../../shared/domain/model.js';
import { eventually, type apiClient } from './client.js';
import { newDossier, type officials } from './officials.js';

type Api = ReturnType<typeof apiClient>;
type Officials = Awaited<ReturnType<typeof officials>>;

/**
 * A dossier through its whole lifecycle over the API — submitted (by the desk, or by a portal
 * when its token is given), accepted, worked by the department, result ready, returned — and
 * its last answer. `until: 'RESULT_READY'` stops before the return; `reader` is whose token
 * waits for the hand-overs (the desk's by default); `act` carries out one more action on it.
 */
export async function fullLifecycle(
  api: Api,
  who: Officials,
  options: {
    procedureCode?: string;
    department?: Department;
    portal?: string;
    applicant?: Record<string, unknown>;
    until?: 'RESULT_READY' | 'RETURNED';
    reader?: string;
  } = {},
) {
  const { procedureCode = '1.004873', department = 'OFFICE', until = 'RETURNED', reader = who.reception } = options;
  const base = '/v1/communes/H30.01/dossiers';
  const body = { ...newDossier(procedureCode, options.portal ? 'ONLINE' : 'IN_PERSON'), ...(options.applicant ? { applicant: options.applicant } : {}) };
  const created = await api.call('POST', base, {
    token: options.portal ?? who.reception,
    body,
    headers: options.portal ? { 'idempotency-key': `key-${Math.random().toString(36).slice(2)}` } : {},
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const act = async (action: string, token: string, payload: Record<string, unknown> = {}) => {
    const answer = await api.call('POST', `${base}/${id}/${action}`, { token, body: payload });
    if (answer.status !== 200) throw new Error(`${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const read = async () => (await api.call('GET', `${base}/${id}`, { token: reader })).body;
  const accepted = await act('accept', who.reception);
  await eventually(async () => (await read()).step === 'ASSIGNMENT');
  await act('assign', who.head[department], { assignee: who.specialistSub(department) });
  await act('propose', who.specialist[department], { outcome: 'APPROVE', summary: 'Đủ điều kiện' });
  await act('review', who.head[department], { agree: true, note: 'Trình lãnh đạo' });
  await act('approve', who.leader, { decision: 'APPROVED', note: 'Đồng ý' });
  await act('issue', who.clerk);
  await eventually(async () => (await read()).status === 'RESULT_READY');
  const returned = until === 'RETURNED' ? await act('return', who.reception) : undefined;
  return { id, code: accepted.code as string, dueAt: accepted.dueAt as string, secret: created.body.lookupSecret as string | undefined, returned, act };
}

/** The event types of a full lifecycle, in version order. */
export const LIFECYCLE_EVENTS = [
  'dossier.submitted',
  'dossier.accepted',
  'dossier.received',
  'dossier.assigned',
  'dossier.proposed',
  'dossier.reviewed',
  'dossier.approved',
  'dossier.handed-over',
  'dossier.result-ready',
  'dossier.returned',
];
