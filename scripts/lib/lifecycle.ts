/**
 * One dossier's full lifecycle over HTTP, as the desk, a department and the leadership would
 * drive it: create → accept → (queue) ASSIGNMENT → assign → propose → review → approve → issue →
 * (queue) RESULT_READY → return. Shared by the bench and the soak.
 */
import type { Api, Answer } from './http.js';
import { sleep } from './stats.js';

export type Department = 'OFFICE' | 'ECONOMICS' | 'CULTURE_SOCIETY';

/** WORKING_DAYS procedures of the seeded catalogue, one per department (infra/local/seed.ts). */
export const PROCEDURES: { department: Department; code: string }[] = [
  { department: 'OFFICE', code: '1.004873' },
  { department: 'ECONOMICS', code: '1.001612' },
  { department: 'CULTURE_SOCIETY', code: '2.000286' },
];

export const COMMUNES = ['H30.01', 'H30.02', 'H30.03', 'H30.04'];

/** The history a dossier that went the whole way must show, in this order. */
export const LIFECYCLE_HISTORY = ['submit', 'accept', 'receive', 'assign', 'propose', 'review', 'approve', 'issue', 'receive-result', 'return'];
export const LIFECYCLE_STEPS = ['RECEPTION', 'ASSIGNMENT', 'APPRAISAL', 'REVIEW', 'APPROVAL', 'ISSUANCE'];

/** Tokens of one commune's officials and of a portal, from the local authorizer. */
export async function officials(api: Api, commune: string, province = 'LCI') {
  const staff = (sub: string, roles: string[], department?: Department) => api.token({ sub, roles, province, commune, ...(department ? { department } : {}) });
  const sub = (d: Department) => `specialist-${d.toLowerCase()}@${commune}`;
  const heads = {} as Record<Department, string>;
  const specialists = {} as Record<Department, string>;
  for (const { department } of PROCEDURES) {
    heads[department] = await staff(`head-${department.toLowerCase()}@${commune}`, ['DEPT_HEAD'], department);
    specialists[department] = await staff(sub(department), ['SPECIALIST'], department);
  }
  return {
    commune,
    reception: await staff(`reception@${commune}`, ['RECEPTION']),
    head: heads,
    specialist: specialists,
    specialistSub: sub,
    leader: await staff(`leader@${commune}`, ['LEADER']),
    clerk: await staff(`clerk@${commune}`, ['CLERK']),
    portal: await api.token({ sub: 'portal-dvc', roles: ['PORTAL'], province }),
  };
}

export type Officials = Awaited<ReturnType<typeof officials>>;

export const dossierBody = (procedureCode: string, n: number, channel: 'ONLINE' | 'IN_PERSON' = 'IN_PERSON') => ({
  procedureCode,
  channel,
  applicant: {
    name: `Lò Văn Bench ${n}`,
    idNumber: String(100_000_000_000 + n).slice(-12),
    phone: '0912345678',
    address: 'Bản Nà Pa, xã Tân Uyên, tỉnh Lai Châu',
  },
  documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }],
  note: 'Hồ sơ của phép đo tải (bench/soak)',
});

/** A call answered something the lifecycle did not expect. `violation`: it broke an invariant. */
export class LifecycleError extends Error {
  constructor(
    message: string,
    readonly violation = false,
  ) {
    super(message);
  }
}

export interface LifecycleOptions {
  who: Officials;
  procedure: { department: Department; code: string };
  /** A number that makes the applicant distinct. */
  n: number;
  /** Sleep between the GETs that wait for a queue consumer. */
  pollMs: number;
  /** How long to wait for one hand-over before giving up. */
  handoffTimeoutMs?: number;
  /** Create as a portal with an Idempotency-Key, sending that many extra identical requests at once (and one after). */
  idempotentReplays?: number;
  /** Send accept and assign twice at once with the same expected version: exactly one may win. */
  provokeConflicts?: boolean;
  /**
   * Waits for a hand-over some other way than GETs through the API (e.g. reading the table
   * directly, so the wait costs the product nothing); answers the dossier as it then is.
   */
  wait?: (id: string, what: string, until: (d: any) => boolean) => Promise<any>;
  /** Told as soon as the dossier exists, so a lifecycle that fails later is still accounted for. */
  onCreated?: (id: string) => void;
}

export interface LifecycleResult {
  id: string;
  code: string;
  /** The dossier as `return` answered it. */
  returned: any;
  /** GETs spent waiting for the two hand-overs. */
  polls: number;
  /** 409s provoked on purpose (and answered as expected). */
  conflicts: number;
  /** Create requests answered from the idempotency record. */
  replays: number;
}

function expect(answer: Answer, status: number, what: string): any {
  if (answer.status !== status) {
    throw new LifecycleError(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return answer.body;
}

export async function runLifecycle(api: Api, options: LifecycleOptions): Promise<LifecycleResult> {
  const { who, procedure } = options;
  const base = `/v1/communes/${who.commune}/dossiers`;
  const act = (id: string, action: string, token: string, body: Record<string, unknown> = {}) =>
    api.call('POST', `${base}/${id}/${action}`, { token, body, route: action });
  const ok = async (id: string, action: string, token: string, body: Record<string, unknown> = {}) => expect(await act(id, action, token, body), 200, action);
  let polls = 0;
  let conflicts = 0;
  let replays = 0;

  // create
  let created: any;
  if (options.idempotentReplays !== undefined) {
    const key = `soak-${who.commune}-${options.n}-${Math.random().toString(36).slice(2, 10)}`;
    const send = () =>
      api.call('POST', base, {
        token: who.portal,
        body: dossierBody(procedure.code, options.n, 'ONLINE'),
        headers: { 'idempotency-key': key },
        route: 'create',
      });
    const answers = await Promise.all(Array.from({ length: options.idempotentReplays + 1 }, send));
    answers.push(await send());
    const bodies = answers.map((a) => expect(a, 201, 'create (idempotent)'));
    const ids = new Set(bodies.map((b) => b.id));
    if (ids.size !== 1) throw new LifecycleError(`one Idempotency-Key created ${ids.size} dossiers: ${[...ids].join(', ')}`, true);
    replays = answers.filter((a) => a.headers.get('idempotent-replayed') === 'true').length;
    if (replays !== answers.length - 1) throw new LifecycleError(`expected ${answers.length - 1} replayed answers, got ${replays}`, true);
    created = bodies[0];
  } else {
    created = expect(await api.call('POST', base, { token: who.reception, body: dossierBody(procedure.code, options.n), route: 'create' }), 201, 'create');
  }
  const id: string = created.id;
  options.onCreated?.(id);

  /** Exactly one of two identical concurrent transitions with the same expected version may win. */
  const race = async (action: string, token: string, body: Record<string, unknown>) => {
    const answers = await Promise.all([act(id, action, token, body), act(id, action, token, body)]);
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status === 409);
    if (won.length !== 1 || lost.length !== 1) {
      throw new LifecycleError(`${action} twice at once: ${answers.map((a) => a.status).join(' and ')} (exactly one 200 and one 409 expected)`, won.length > 1);
    }
    conflicts++;
    return won[0]!.body;
  };

  const accepted = options.provokeConflicts ? await race('accept', who.reception, { expectedVersion: created.version }) : await ok(id, 'accept', who.reception);
  const code: string = accepted.code;

  const waitFor = async (what: string, until: (d: any) => boolean) => {
    if (options.wait) return options.wait(id, what, until);
    const deadline = Date.now() + (options.handoffTimeoutMs ?? 30_000);
    for (;;) {
      await sleep(options.pollMs);
      polls++;
      const d = expect(await api.call('GET', `${base}/${id}`, { token: who.reception, route: 'get (wait)' }), 200, `get while waiting for ${what}`);
      if (until(d)) return d;
      if (Date.now() > deadline) throw new LifecycleError(`${what} did not happen in time for ${id} (status ${d.status}, step ${d.step})`, true);
    }
  };

  const received = await waitFor('the department intake', (d) => d.step === 'ASSIGNMENT');
  const d = procedure.department;
  const assignBody = { assignee: who.specialistSub(d) };
  if (options.provokeConflicts) await race('assign', who.head[d], { ...assignBody, expectedVersion: received.version });
  else await ok(id, 'assign', who.head[d], assignBody);
  await ok(id, 'propose', who.specialist[d], { outcome: 'APPROVE', summary: 'Đủ điều kiện' });
  await ok(id, 'review', who.head[d], { agree: true, note: 'Trình lãnh đạo' });
  await ok(id, 'approve', who.leader, { decision: 'APPROVED', note: 'Đồng ý' });
  await ok(id, 'issue', who.clerk);
  await waitFor('the results intake', (x) => x.status === 'RESULT_READY');
  const returned = await ok(id, 'return', who.reception);
  return { id, code, returned, polls, conflicts, replays };
}

/** What is wrong with a dossier that should have gone the whole way (empty when nothing). */
export function lifecycleViolations(d: any): string[] {
  const problems: string[] = [];
  const actions: string[] = (d.history ?? []).map((h: { action: string }) => h.action);
  if (d.status !== 'RETURNED') problems.push(`status ${d.status}, not RETURNED`);
  if (actions.join(',') !== LIFECYCLE_HISTORY.join(',')) problems.push(`history ${actions.join(',')}`);
  if (d.version !== actions.length) problems.push(`version ${d.version} but ${actions.length} history entries`);
  const steps: { step: string; completedAt?: string; timeliness?: string }[] = d.steps ?? [];
  if (steps.map((s) => s.step).join(',') !== LIFECYCLE_STEPS.join(',')) problems.push(`steps ${steps.map((s) => s.step).join(',')}`);
  if (!steps.every((s) => s.completedAt && s.timeliness)) problems.push('a step is not complete');
  const handoffs: { receivedAt?: string }[] = d.handoffs ?? [];
  if (handoffs.length !== 2 || !handoffs.every((h) => h.receivedAt)) problems.push(`${handoffs.length} hand-overs, not 2 received`);
  if (!d.code || !d.returnedAt) problems.push('no code or no returnedAt');
  return problems;
}
