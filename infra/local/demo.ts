import { addDays, atLocal, isoWeekday, localDate, MINUTE_MS, toVietnamIso, type Instant } from '../../shared/domain/time.js';
import type { Department } from '../../shared/domain/model.js';
import { demoUsername } from './user-pool.js';
import { DEMO_CATALOGUE, DEMO_COMMUNES, DEMO_OFFICIALS, DEMO_PROVINCE } from './seed.js';

/*
 * The living demo (`npm start` on an empty data folder): about sixty dossiers over the four
 * communes, each taken through the API as the officials would have worked them over the last two
 * weeks, with the clock set back to when each step happened. Every record is the application's
 * own: history, events, hand-overs, the daily SLA reports and the statistics' aggregates.
 */

/** What an official (or the citizen) does to a dossier at one moment of its story. */
type Stage =
  'accept' | 'collect' | 'assign' | 'propose' | 'review' | 'approve' | 'issue' | 'return' | 'rate' | 'ask' | 'askHead' | 'refuse' | 'withdraw' | 'extend';

const PROCESS: Stage[] = ['accept', 'assign', 'propose', 'review', 'approve', 'issue', 'return', 'rate'];
const WITH_FEES: Stage[] = ['accept', 'collect', ...PROCESS.slice(1)];

/**
 * A dossier's story: its procedure, the half working day it was submitted (1 = the afternoon of
 * the last working day, 2 = its morning, …), how many half days each stage took, and its stages.
 */
interface Story {
  procedure: string;
  channel: 'IN_PERSON' | 'ONLINE' | 'POSTAL';
  start: number;
  pace: number;
  stages: Stage[];
}

const story = (procedure: string, start: number, pace: number, stages: Stage[], channel: Story['channel'] = 'IN_PERSON'): Story => ({
  procedure,
  channel,
  start,
  pace,
  stages,
});
const upTo = (last: Stage, path = PROCESS) => path.slice(0, path.indexOf(last) + 1);

/** Procedures of the demo catalogue by department: a whole-day one, a longer one, a same-day one. */
const MARRIAGE = '1.004873';
const BUSINESS = '1.001612';
const BUILDING = '1.009994';
const CERTIFY = '2.000908';
const ALLOWANCE = '2.000286';
const FAMILY = '1.003622';
const EXTRACT = '2.000635';

/** One commune's sixteen stories: every state the desk, the departments and the leader meet. */
const STORIES: Story[] = [
  // Received, not yet accepted: one at the desk, one from the national portal.
  story(MARRIAGE, 1, 0, []),
  story(FAMILY, 1, 0, [], 'ONLINE'),
  // At the departments: one waiting for assignment in each, one in appraisal, one in review far past its appointment.
  story(EXTRACT, 2, 1, upTo('accept')),
  story(BUSINESS, 2, 1, upTo('accept')),
  story(FAMILY, 3, 1, upTo('accept'), 'POSTAL'),
  story(ALLOWANCE, 5, 2, upTo('assign')),
  story(MARRIAGE, 16, 3, upTo('propose')),
  // With the leader, with the clerk, ready at the desk.
  story(MARRIAGE, 5, 1, upTo('review')),
  story(BUSINESS, 7, 1, upTo('approve')),
  story(EXTRACT, 6, 1, upTo('issue')),
  // Returned: on time and rated, late, and a same-day one.
  story(MARRIAGE, 14, 1, PROCESS),
  story(ALLOWANCE, 20, 2.5, upTo('return')),
  story(CERTIFY, 4, 0, PROCESS, 'ONLINE'),
  // Waiting for its fees at the desk; asked for missing documents; refused; withdrawn.
  story(BUILDING, 2, 0, upTo('accept', WITH_FEES)),
  story(BUSINESS, 8, 2, ['accept', 'askHead']),
  story(FAMILY, 3, 0, ['refuse']),
];
/** What varies from one commune to the next, so that the four do not look alike. */
const EXTRA: Record<string, Story[]> = {
  'H30.01': [story(BUILDING, 12, 1.5, WITH_FEES.slice(0, 5)), story(MARRIAGE, 3, 0, ['ask'])],
  'H30.02': [story(EXTRACT, 9, 1, ['accept', 'withdraw']), story(BUSINESS, 18, 2, [...upTo('assign'), 'extend'])],
  'H30.03': [story(ALLOWANCE, 11, 1, PROCESS)],
};

const FAMILY_NAMES = ['Lò', 'Vàng', 'Nguyễn', 'Tao', 'Giàng', 'Lù', 'Hoàng', 'Sùng', 'Trần', 'Đèo', 'Lường', 'Cầm'];
const GIVEN_NAMES = [
  'Văn Páo',
  'Thị Mỷ',
  'Văn Hưng',
  'Thị Lả',
  'A Tủa',
  'Thị Chi',
  'Văn Khánh',
  'Thị Ngân',
  'A Dếnh',
  'Thị Phương',
  'Văn Lực',
  'Thị Xoan',
  'Văn Minh',
];
const HAMLETS = ['Bản Nà Pa', 'Bản Phiêng Phát', 'Bản Hô Ta', 'Bản Nà Cà', 'Bản Pá Khôm', 'Bản Mường'];

const SUB_OF: Record<Department, string> = { OFFICE: 'office', ECONOMICS: 'economics', CULTURE_SOCIETY: 'culture' };

interface Demo {
  url: string;
  setClock: (at: Instant | undefined) => void;
  /** The scheduled jobs by name, run as the schedule would. */
  runJob: (name: string) => Promise<unknown>;
  streamCaughtUp: () => Promise<void>;
  log: (line: string) => void;
  now?: Instant;
}

interface Planned {
  commune: string;
  n: number;
  story: Story;
  id?: string;
  code?: string;
  secret?: string;
}

/** The last `count` working days (Monday to Friday) before `now`'s day, oldest last. */
function workingDaysBefore(now: Instant, count: number): string[] {
  const days: string[] = [];
  for (let day = addDays(localDate(now), -1); days.length < count; day = addDays(day, -1)) if (isoWeekday(day) <= 5) days.push(day);
  return days;
}

/** Seeds the living demo through the API of the runtime at `url`; returns how many dossiers it made. */
export async function seedLivingDemo(demo: Demo): Promise<number> {
  const now = demo.now ?? Date.now();
  const days = workingDaysBefore(now, 12);
  // Half day `slot` (1 = the last afternoon) at 08:00 or 13:30, then a quarter of an hour a stage.
  const when = (slot: number, stage: number): Instant => {
    const day = days[Math.ceil(slot / 2) - 1]!;
    return atLocal(day, (slot % 2 === 1 ? 13 * 60 + 30 : 8 * 60) + 15 * stage);
  };
  const call = async (method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${demo.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) throw new Error(`living demo: ${method} ${path} answered ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const tokens = new Map<string, string>();
  for (const official of DEMO_OFFICIALS)
    tokens.set(official.sub, (await call('POST', '/_local/token', undefined, { username: demoUsername(official.sub) })).token as string);
  const portal = (await call('POST', '/_local/token', undefined, { sub: 'portal-dvc', roles: ['PORTAL'], province: DEMO_PROVINCE.code })).token as string;
  const token = (sub: string) => tokens.get(sub)!;

  const planned: Planned[] = DEMO_COMMUNES.flatMap((c) => [...STORIES, ...(EXTRA[c.code] ?? [])].map((s, i) => ({ commune: c.code, n: i, story: s })));
  const read = async (p: Planned) => call('GET', `/v1/communes/${p.commune}/dossiers/${p.id}`, token(`reception@${p.commune}`));
  // Polled gently: the reads compete for the cores with the consumers being waited for.
  const settled = async (p: Planned, done: (d: Record<string, unknown>) => boolean) => {
    for (let tries = 0; tries < 300; tries++) {
      if (done(await read(p))) return;
      await new Promise((ok) => setTimeout(ok, 200));
    }
    throw new Error(`living demo: dossier ${p.code} did not move on`);
  };

  const create = async (p: Planned, index: number) => {
    const commune = DEMO_COMMUNES.find((c) => c.code === p.commune)!;
    const procedure = DEMO_CATALOGUE.find((c) => c.code === p.story.procedure)!;
    const online = p.story.channel === 'ONLINE';
    const created = await call(
      'POST',
      `/v1/communes/${p.commune}/dossiers`,
      online ? portal : token(`reception@${p.commune}`),
      {
        procedureCode: procedure.code,
        channel: p.story.channel,
        applicant: {
          name: `${FAMILY_NAMES[index % FAMILY_NAMES.length]} ${GIVEN_NAMES[(index * 7) % GIVEN_NAMES.length]}`,
          idNumber: `0121${String(90_000_000 + index * 7919).padStart(8, '0')}`,
          phone: `09${String(12_000_000 + index * 104_729).slice(-8)}`,
          address: `${HAMLETS[index % HAMLETS.length]}, xã ${commune.name}, tỉnh ${DEMO_PROVINCE.name}`,
        },
        documents: procedure.requiredDocuments.map((name) => ({ name, kind: 'ORIGINAL', count: 1 })),
      },
      online ? { 'idempotency-key': `demo-${p.commune}-${p.n}` } : {},
    );
    Object.assign(p, { id: created.id, secret: created.lookupSecret });
  };

  const act = async (p: Planned, stage: Stage) => {
    const department = DEMO_CATALOGUE.find((c) => c.code === p.story.procedure)!.department;
    const c = p.commune;
    const head = token(`head-${SUB_OF[department]}@${c}`);
    const desk = token(`reception@${c}`);
    const path = (action: string) => `/v1/communes/${c}/dossiers/${p.id}/${action}`;
    switch (stage) {
      case 'accept': {
        const accepted = await call('POST', path('accept'), desk, {});
        p.code = accepted.code as string;
        // A dossier without fees due at the desk goes to its department by a hand-over.
        if (accepted.status !== 'AWAITING_PAYMENT') await settled(p, (d) => d.step === 'ASSIGNMENT');
        return;
      }
      case 'collect':
        await call('POST', path('payment/collect'), desk, { method: 'CASH' });
        return settled(p, (d) => d.step === 'ASSIGNMENT');
      case 'assign':
        return void (await call('POST', path('assign'), head, { assignee: `specialist-${SUB_OF[department]}@${c}` }));
      case 'propose':
        return void (await call('POST', path('propose'), token(`specialist-${SUB_OF[department]}@${c}`), {
          outcome: 'APPROVE',
          summary: 'Hồ sơ đầy đủ, đủ điều kiện giải quyết',
        }));
      case 'review':
        return void (await call('POST', path('review'), head, { agree: true, note: 'Đồng ý với đề xuất, trình lãnh đạo' }));
      case 'approve':
        return void (await call('POST', path('approve'), token(`leader@${c}`), { decision: 'APPROVED', note: 'Đồng ý' }));
      case 'issue':
        await call('POST', path('issue'), token(`clerk@${c}`), {});
        return settled(p, (d) => d.status === 'RESULT_READY');
      case 'return':
        return void (await call('POST', path('return'), desk, {}));
      case 'rate':
        return void (await call('POST', `/v1/lookup/${p.code}/rating`, undefined, {
          secret: p.secret,
          score: 4 + (p.n % 2),
          comment: 'Cán bộ hướng dẫn tận tình',
        }));
      case 'ask':
      case 'askHead':
        return void (await call('POST', path('request-supplement'), stage === 'ask' ? desk : head, {
          reason: 'Thiếu giấy tờ theo quy định',
          documents: ['Bản sao Căn cước công dân của người nộp'],
        }));
      case 'refuse':
        return void (await call('POST', path('refuse'), desk, { reason: 'Thủ tục không thuộc thẩm quyền giải quyết của xã' }));
      case 'withdraw':
        return void (await call('POST', path('withdraw'), desk, { reason: 'Người nộp không còn nhu cầu' }));
      case 'extend': {
        const due = String((await read(p)).dueAt);
        const later = toVietnamIso(Date.parse(due) + 5 * 24 * 60 * MINUTE_MS);
        return void (await call('POST', path('extend'), head, { newDueAt: later, reason: 'Cần xác minh thực địa tại bản' }));
      }
    }
  };

  // Every moment of every story, in the order they happened; what happened at once runs at once.
  const moments = new Map<Instant, (() => Promise<void>)[]>();
  const at = (instant: Instant, step: () => Promise<void>) => moments.set(instant, [...(moments.get(instant) ?? []), step]);
  planned.forEach((p, index) => {
    at(when(p.story.start, 0), () => create(p, index));
    p.story.stages.forEach((stage, k) => {
      const slot = Math.max(1, Math.round(p.story.start - (k + 1) * p.story.pace));
      at(when(slot, k + 1), () => act(p, stage));
    });
  });
  // The daily report at 07:00 of each working day, as the schedule runs it.
  for (const day of days) at(atLocal(day, 7 * 60), async () => void (await demo.runJob('sla-report')));

  try {
    for (const instant of [...moments.keys()].sort((a, b) => a - b)) {
      demo.setClock(instant);
      // A dossier's stages at one moment are in order; different dossiers' at once.
      await Promise.all(moments.get(instant)!.map((step) => step()));
    }
  } finally {
    demo.setClock(undefined);
  }
  await demo.streamCaughtUp();
  demo.log(`the living demo: ${planned.length} dossiers over ${DEMO_COMMUNES.length} communes since ${days.at(-1)}`);
  return planned.length;
}
