import type { Department } from '../../shared/domain/model.js';
import { eventually, type apiClient } from './client.js';
import { newDossier, type officials } from './officials.js';

type Api = ReturnType<typeof apiClient>;
type Officials = Awaited<ReturnType<typeof officials>>;

/**
 * A dossier through its whole lifecycle over the API — submitted (by the desk, or by a portal
 * when its token is given), accepted, worked by the department, result ready, returned — and
 * its last answer.
 */
export async function fullLifecycle(
  api: Api,
  who: Officials,
  options: { procedureCode?: string; department?: Department; portal?: string; applicant?: Record<string, unknown> } = {},
) {
  const { procedureCode = '1.004873', department = 'OFFICE' } = options;
  const base = '/v1/communes/H30.01/dossiers';
  const body = { ...newDossier(procedureCode, options.portal ? 'ONLINE' : 'IN_PERSON'), ...(options.applicant ? { applicant: options.applicant } : {}) };
  const created = await api.call('POST', base, {
    token: options.portal ?? who.reception,
    body,
    headers: options.portal ? { 'idempotency-key': `key-${Math.random().toString(36).slice(2)}` } : {},
  });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const ok = async (action: string, token: string, payload: Record<string, unknown> = {}) => {
    const answer = await api.call('POST', `${base}/${id}/${action}`, { token, body: payload });
    if (answer.status !== 200) throw new Error(`${action}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const read = async () => (await api.call('GET', `${base}/${id}`, { token: who.reception })).body;
  const accepted = await ok('accept', who.reception);
  await eventually(async () => (await read()).step === 'ASSIGNMENT');
  await ok('assign', who.head[department], { assignee: who.specialistSub(department) });
  await ok('propose', who.specialist[department], { outcome: 'APPROVE', summary: 'Đủ điều kiện' });
  await ok('review', who.head[department], { agree: true, note: 'Trình lãnh đạo' });
  await ok('approve', who.leader, { decision: 'APPROVED', note: 'Đồng ý' });
  await ok('issue', who.clerk);
  await eventually(async () => (await read()).status === 'RESULT_READY');
  const returned = await ok('return', who.reception);
  return { id, code: accepted.code as string, dueAt: accepted.dueAt as string, returned };
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
