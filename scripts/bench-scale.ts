/**
 * `npm run bench:scale -- [--small N] [--large N] [--communes N] [--open N] [--closed-every K]`:
 * a province at full scale on DynamoDB Local. Seeds a province of 126 communes, then measures,
 * at the small and at the large count of dossiers (defaults 100,000 and 1,000,000), p50 / p95
 * and the read units DynamoDB reports of: a worklist page, a search by ID number, a dossier
 * read, a year's statistics by commune, a year's service index, the province's SLA report run
 * and its read. Prints a table and one `BENCH_SCALE_JSON {…}` line, and rewrites its section of
 * docs/figures.md.
 *
 * What is seeded, and how (a benchmark's seeding, not the product's write path): dossiers of
 * the real item shape (the adapters' own encoder, made by the domain's own transitions), and the
 * daily aggregates with their month and year rollups as the stream consumer would have counted
 * every dossier, all written by parallel BatchWriteItem calls. The province's work in progress
 * (`--open`, 50,000) is the same at both sizes: what grows with a province's years is its
 * history of closed dossiers. Every open dossier is stored; of the closed ones, one in
 * `--closed-every` (1: all) — every closed dossier is counted in the aggregates either way, and
 * the searches and reads pick stored ones. Seeding time is measured and printed.
 */
import { randomUUID, createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.js';
import { DEMO_CATALOGUE } from '../infra/local/seed.js';
import { ensureTable } from '../infra/local/table.js';
import { contributionOf, deltaByDay, dossierPartOf } from '../shared/domain/aggregates.js';
import { DEFAULT_OFFICE_HOURS, workingCalendar } from '../shared/domain/calendar.js';
import { generatedYear, OFFICIAL_CALENDARS } from '../shared/domain/holidays.js';
import { decide, receiveHandoff, submitDossier, type Command } from '../shared/domain/lifecycle.js';
import type { Actor, Channel, Dossier, Procedure } from '../shared/domain/model.js';
import { DEFAULT_RECEIPT_BOOK } from '../shared/domain/payment.js';
import { addDays, localDate, toVietnamIso } from '../shared/domain/time.js';
import { runStamp, writeFigures } from './lib/figures.js';
import { pool, quantile, round, table } from './lib/stats.js';

const PROVINCE = 'HNI';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const SMALL = flag('--small', 100_000);
const LARGE = flag('--large', 1_000_000);
const COMMUNES = flag('--communes', 126);
const OPEN = flag('--open', 50_000);
const CLOSED_EVERY = flag('--closed-every', 1);
/** Batch writes in flight at once. */
const WRITERS = 16;

/** The machine's load average over the last minute, five and fifteen: the figures are read against it. */
const loadAverage = () =>
  loadavg()
    .map((l) => round(l, 2))
    .join(' / ');

const communeCode = (i: number) => `HN.${String(i + 1).padStart(3, '0')}`;
const calendar = workingCalendar(DEFAULT_OFFICE_HOURS, OFFICIAL_CALENDARS, generatedYear);
const TODAY = localDate(Date.now());

/** Templates: each procedure's dossier returned, in appraisal, awaiting a supplement and refused at the desk, made by the domain's own transitions. */
function templates(procedures: Procedure[]): { closed: Dossier[]; open: Dossier[] } {
  const actor = (sub: string, role: Actor['roles'][number], department?: Procedure['department']): Actor => ({
    sub,
    roles: [role],
    province: PROVINCE,
    commune: communeCode(0),
    ...(department ? { department } : {}),
  });
  const closed: Dossier[] = [];
  const open: Dossier[] = [];
  const collect: Command = { type: 'collect', method: 'CASH', numbers: [1, 2], book: DEFAULT_RECEIPT_BOOK };
  for (const procedure of procedures) {
    const dept = procedure.department;
    const desk = actor('reception', 'RECEPTION');
    let now = Date.parse('2026-03-02T08:00:00+07:00');
    const submitted = submitDossier(
      {
        procedureCode: procedure.code,
        channel: 'IN_PERSON',
        applicant: { name: 'Nguyễn Văn An', idNumber: '001099012345', phone: '0912345678', address: 'Số 1 phố Tràng Tiền, Hoàn Kiếm, Hà Nội' },
        documents: procedure.requiredDocuments.map((name) => ({ name, kind: 'ORIGINAL' as const, count: 1 })),
      },
      desk,
      { now, id: randomUUID(), commune: communeCode(0), receivingUnit: communeCode(0), procedure, lookupSecretHash: 'sha256:bench' },
    );
    if (!submitted.ok) throw new Error(submitted.refusal.detail);
    let d = submitted.dossier;
    const step = (cmd: Command, who: Actor) => {
      now += 3_600_000;
      const next = decide(d, cmd, who, { now, calendar });
      if (!next.ok) throw new Error(`${cmd.type}: ${next.refusal.detail}`);
      d = next.dossier;
    };
    const refused = decide(d, { type: 'refuse', reason: 'Không thuộc thẩm quyền' }, desk, { now: now + 60_000, calendar });
    if (refused.ok) closed.push(refused.dossier);
    step({ type: 'accept', code: `${communeCode(0)}-260302-0001` }, desk);
    if (d.status === 'AWAITING_PAYMENT') step(collect, desk);
    d = receiveHandoff(d, dept, { now: (now += 600_000), calendar })!;
    step({ type: 'assign', assignee: 'specialist' }, actor('head', 'DEPT_HEAD', dept));
    open.push(d);
    const supplement = decide(d, { type: 'request-supplement', reason: 'Thiếu giấy tờ', documents: ['Bản sao'] }, actor('head', 'DEPT_HEAD', dept), {
      now: now + 60_000,
      calendar,
    });
    if (supplement.ok) open.push(supplement.dossier);
    step({ type: 'propose', outcome: 'APPROVE', summary: 'Đủ điều kiện' }, actor('specialist', 'SPECIALIST', dept));
    step({ type: 'review', agree: true, note: 'Trình ký' }, actor('head', 'DEPT_HEAD', dept));
    step({ type: 'approve', decision: 'APPROVED', note: 'Đồng ý' }, actor('leader', 'LEADER'));
    step({ type: 'issue' }, actor('clerk', 'CLERK', 'OFFICE'));
    d = receiveHandoff(d, 'DESK', { now: (now += 600_000), calendar })!;
    if (d.payment?.status === 'AWAITING') step(collect, desk);
    step({ type: 'return' }, desk);
    closed.push(d, d, d, d);
  }
  return { closed, open };
}

/** A deterministic pseudo-random number in [0, 1) of a dossier's number and a salt. */
const rand = (n: number, salt: number) => {
  const x = Math.sin(n * 12.9898 + salt * 78.233) * 43_758.5453;
  return x - Math.floor(x);
};

/** The n-th dossier of the province: a template moved to its commune and days, with its own id, code and applicant. */
function nthDossier(n: number, t: { closed: Dossier[]; open: Dossier[] }) {
  const isOpen = n < OPEN;
  const template = isOpen ? t.open[n % t.open.length]! : t.closed[n % t.closed.length]!;
  const commune = communeCode(n % COMMUNES);
  // Closed dossiers accepted over the last year; open ones over the last month.
  const daysAgo = isOpen ? Math.floor(rand(n, 1) * 30) : 5 + Math.floor(rand(n, 2) * 360);
  const shift = Date.parse(`${addDays(TODAY, -daysAgo)}T00:00:00+07:00`) - Date.parse('2026-03-02T00:00:00+07:00');
  const moved = (at?: string) => (at === undefined ? undefined : toVietnamIso(Date.parse(at) + shift));
  const channels: Channel[] = ['ONLINE', 'IN_PERSON', 'POSTAL'];
  const id = randomUUID();
  const applicant = createHash('sha256')
    .update(`applicant-${n % 100_003}`)
    .digest('base64url');
  const d: Dossier = {
    ...template,
    id,
    commune,
    receivingUnit: commune,
    channel: channels[n % 3]!,
    submittedAt: moved(template.submittedAt)!,
    ...(template.code ? { code: `${commune}-${String(n).padStart(8, '0')}` } : {}),
    ...(template.acceptedAt ? { acceptedAt: moved(template.acceptedAt) } : {}),
    ...(template.dueAt ? { dueAt: moved(template.dueAt) } : {}),
    ...(template.closedAt ? { closedAt: moved(template.closedAt) } : {}),
    ...(template.completedAt ? { completedAt: moved(template.completedAt) } : {}),
    ...(template.returnedAt ? { returnedAt: moved(template.returnedAt) } : {}),
    ...(template.pausedAt ? { pausedAt: moved(template.pausedAt) } : {}),
    steps: template.steps.map((s) => ({
      ...s,
      startedAt: moved(s.startedAt)!,
      dueAt: moved(s.dueAt)!,
      ...(s.completedAt ? { completedAt: moved(s.completedAt) } : {}),
    })),
    applicantKeys: { idNumber: applicant },
  };
  return { dossier: d, applicant, stored: isOpen || n % CLOSED_EVERY === 0 };
}

async function main(): Promise<void> {
  const started = Date.now();
  const dynamoLocal = await startDynamoDbLocal();
  const tableName = `bench-scale-${randomUUID().slice(0, 8)}`;
  Object.assign(process.env, {
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoLocal.endpoint,
    TABLE_NAME: tableName,
    PROVINCES: PROVINCE,
  });
  const client = new DynamoDBClient({ endpoint: dynamoLocal.endpoint });
  await ensureTable(client, tableName);
  const { dynamo, capacity } = await import('../shared/adapters/aws.js');
  const config = await import('../shared/adapters/province-config.js');
  const { dossierItem } = await import('../shared/adapters/dossier-item.js');
  const { keys } = await import('../shared/adapters/table.js');
  const { reports } = await import('../shared/composition/app.js');
  const { dossiersByApplicant, listDossiers } = await import('../shared/adapters/worklist.js');
  const { getDossier } = await import('../shared/adapters/repository.js');

  for (const c of OFFICIAL_CALENDARS) await config.putCalendar(PROVINCE, c);
  for (let year = 2027; year <= 2030; year++) await config.putCalendar(PROVINCE, generatedYear(year));
  for (let i = 0; i < COMMUNES; i++) await config.putCommune({ code: communeCode(i), name: `Phường ${i + 1}`, province: PROVINCE });
  const procedures = [];
  for (const p of DEMO_CATALOGUE) procedures.push(await config.putProcedure(PROVINCE, p, 0));
  await config.putProvince(PROVINCE, { name: 'Hà Nội', officeHours: DEFAULT_OFFICE_HOURS, reportRecipients: [] });
  const t = templates(procedures);

  const batchWrite = async (items: Record<string, unknown>[]) => {
    for (let i = 0; i < items.length; i += 25) {
      let request: Record<string, { PutRequest: { Item: Record<string, unknown> } }[]> | undefined = {
        [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      while (request && Object.keys(request).length) {
        const answer = await dynamo().send(new BatchWriteCommand({ RequestItems: request }));
        request = answer.UnprocessedItems as typeof request;
      }
    }
  };

  // The aggregates the stream consumer would have made: every dossier's contribution, added to its day, month, year and the totals.
  const aggregates = new Map<string, Map<string, Record<string, number>>>();
  const samples: { commune: string; id: string; applicant: string }[] = [];
  let seeded = 0;
  let stored = 0;
  const seeding = { dossiersMs: 0, aggregatesMs: 0, aggregateItems: 0 };
  const seedTo = async (count: number) => {
    const from = Date.now();
    const chunk = 5_000;
    for (let start = seeded; start < count; start += chunk) {
      const made = Array.from({ length: Math.min(chunk, count - start) }, (_, i) => nthDossier(start + i, t));
      for (const { dossier } of made) {
        const items = aggregates.get(dossier.commune) ?? new Map<string, Record<string, number>>();
        aggregates.set(dossier.commune, items);
        for (const [key, counters] of deltaByDay(contributionOf({ ...dossierPartOf(dossier).facts, synced: true }))) {
          const target = items.get(key) ?? {};
          items.set(key, target);
          for (const [name, n] of Object.entries(counters)) target[name] = (target[name] ?? 0) + n;
        }
      }
      const kept = made.filter((m) => m.stored);
      samples.push(...kept.filter((_, i) => i % 23 === 0).map((m) => ({ commune: m.dossier.commune, id: m.dossier.id, applicant: m.applicant })));
      const items = kept.map((m) => dossierItem(m.dossier));
      stored += items.length;
      await pool(Math.ceil(items.length / 25), WRITERS, (b) => batchWrite(items.slice(b * 25, b * 25 + 25)));
      if ((start / chunk) % 10 === 0)
        console.log(`  ${start + made.length} of ${count} dossiers, ${stored} stored (${round((Date.now() - from) / 1000, 1)} s)`);
    }
    const dossiersDone = Date.now();
    seeding.dossiersMs += dossiersDone - from;
    const aggregateItems = [...aggregates].flatMap(([commune, items]) =>
      [...items].map(([key, counters]) => ({ ...keys.aggregate(commune, key), f: 1, ...counters })),
    );
    await pool(Math.ceil(aggregateItems.length / 25), WRITERS, (b) => batchWrite(aggregateItems.slice(b * 25, b * 25 + 25)));
    seeded = count;
    seeding.aggregatesMs += Date.now() - dossiersDone;
    seeding.aggregateItems += aggregateItems.length;
    console.log(
      `seeded ${count} dossiers (${stored} stored) in ${round((dossiersDone - from) / 1000, 1)} s and ${aggregateItems.length} aggregate items in ${round((Date.now() - dossiersDone) / 1000, 1)} s · load ${loadAverage()}`,
    );
  };

  const auditor: Actor = { sub: 'auditor@HNI', roles: ['PROVINCE_AUDITOR'], province: PROVINCE };
  const admin: Actor = { sub: 'admin@HNI', roles: ['PROVINCE_ADMIN'], province: PROVINCE };
  const year = { from: addDays(TODAY, -364), to: TODAY };
  const pick = (i: number) => samples[(i * 7919) % samples.length]!;
  const operations: { name: string; runs: number; run: (i: number) => Promise<unknown> }[] = [
    { name: 'worklist page (50, in processing)', runs: 20, run: (i) => listDossiers(communeCode(i % COMMUNES), { status: 'IN_PROCESSING' }, 50) },
    { name: 'search by ID number', runs: 20, run: (i) => dossiersByApplicant(pick(i).commune, 'idNumber', pick(i).applicant, 20) },
    { name: 'dossier read', runs: 20, run: (i) => getDossier(pick(i).commune, pick(i).id) },
    { name: "a year's statistics by commune", runs: 20, run: () => reports.provinceStatistics(auditor, PROVINCE, { ...year, groupBy: 'commune' }) },
    { name: "a year's service index", runs: 20, run: () => reports.serviceIndex(auditor, PROVINCE, { ...year, groupBy: 'commune' }) },
    { name: "the province's SLA report run", runs: 2, run: () => reports.runSlaReports(PROVINCE, true) },
    { name: "the province's SLA report read", runs: 10, run: () => reports.provinceSla(admin, PROVINCE) },
  ];
  type Figure = { dossiers: number; p50Ms: number; p95Ms: number; rcu: number };
  const loads: Record<string, string[]> = {};
  const measure = async (): Promise<Figure[]> => {
    const figures: Figure[] = [];
    loads[seeded] = [];
    for (const op of operations) {
      await op.run(0);
      const times: number[] = [];
      const units: number[] = [];
      for (let i = 1; i <= op.runs; i++) {
        capacity.reset();
        const t0 = performance.now();
        await op.run(i);
        times.push(performance.now() - t0);
        units.push(capacity.read);
      }
      figures.push({ dossiers: seeded, p50Ms: round(quantile(times, 0.5), 1), p95Ms: round(quantile(times, 0.95), 1), rcu: round(quantile(units, 0.5), 1) });
      loads[seeded]!.push(loadAverage());
      console.log(`  ${op.name}: p50 ${figures.at(-1)!.p50Ms} ms, p95 ${figures.at(-1)!.p95Ms} ms, ${figures.at(-1)!.rcu} RCU · load ${loads[seeded]!.at(-1)}`);
    }
    return figures;
  };

  const storedShare = CLOSED_EVERY === 1 ? 'every dossier stored' : `open dossiers and one closed in ${CLOSED_EVERY} stored`;
  console.log(`a province of ${COMMUNES} communes, ${SMALL} then ${LARGE} dossiers (${OPEN} open at both; ${storedShare})`);
  await seedTo(SMALL);
  const small = await measure();
  await seedTo(LARGE);
  const large = await measure();
  const figures = operations.map((op, i) => ({
    name: op.name,
    small: small[i]!,
    large: large[i]!,
    latencyRatio: round(large[i]!.p95Ms / small[i]!.p95Ms, 2),
    rcuRatio: small[i]!.rcu === 0 ? null : round(large[i]!.rcu / small[i]!.rcu, 2),
  }));
  const rows = [
    ['figure', `p50 ms @${SMALL}`, `p95 ms @${SMALL}`, `RCU @${SMALL}`, `p50 ms @${LARGE}`, `p95 ms @${LARGE}`, `RCU @${LARGE}`, 'p95 ×', 'RCU ×'],
    ...figures.map((f) => [f.name, f.small.p50Ms, f.small.p95Ms, f.small.rcu, f.large.p50Ms, f.large.p95Ms, f.large.rcu, f.latencyRatio, f.rcuRatio ?? '—']),
  ];
  console.log(table(rows));
  const seedingSeconds = round((seeding.dossiersMs + seeding.aggregatesMs) / 1000, 1);
  const seedingFigures = {
    dossiersStored: stored,
    dossiersSeconds: round(seeding.dossiersMs / 1000, 1),
    aggregateItems: seeding.aggregateItems,
    aggregatesSeconds: round(seeding.aggregatesMs / 1000, 1),
  };
  // The run makes SLA_PARALLEL_COMMUNES (8) communes' reports at once: one commune's time is about the run's ÷ (communes ÷ 8).
  const slaRun = figures.find((f) => f.name === "the province's SLA report run")!;
  const perCommuneMs = round(slaRun.large.p50Ms / Math.ceil(COMMUNES / 8), 1);
  console.log(
    `seeding: ${seeded} dossiers (${stored} stored) in ${seedingFigures.dossiersSeconds} s, ${seeding.aggregateItems} aggregate items in ${seedingFigures.aggregatesSeconds} s; one commune's SLA report about ${perCommuneMs} ms at ${LARGE}; whole run ${round((Date.now() - started) / 1000, 1)} s`,
  );
  console.log(
    `BENCH_SCALE_JSON ${JSON.stringify({ communes: COMMUNES, open: OPEN, closedEvery: CLOSED_EVERY, seedingSeconds, seeding: seedingFigures, perCommuneSlaMs: perCommuneMs, loadAverage: loads, figures })}`,
  );
  const markdown = [
    '## `npm run bench:scale`',
    '',
    `${runStamp()} · ${COMMUNES} communes, ${SMALL.toLocaleString('en')} then ${LARGE.toLocaleString('en')} dossiers (${OPEN.toLocaleString('en')} open at both; ${storedShare}), seeded by batch writes in ${seedingSeconds} s · DynamoDB Local · load average ${loads[SMALL]?.[0]} … ${loads[LARGE]?.at(-1)}`,
    '',
    `| figure | p50 / p95 ms, RCU at ${SMALL.toLocaleString('en')} | p50 / p95 ms, RCU at ${LARGE.toLocaleString('en')} | p95 × | RCU × |`,
    '|---|---|---|---|---|',
    ...figures.map(
      (f) =>
        `| ${f.name} | ${f.small.p50Ms} / ${f.small.p95Ms}, ${f.small.rcu} | ${f.large.p50Ms} / ${f.large.p95Ms}, ${f.large.rcu} | ${f.latencyRatio} | ${f.rcuRatio ?? '—'} |`,
    ),
    '',
    `Seeding: ${stored.toLocaleString('en')} dossier items in ${seedingFigures.dossiersSeconds} s and ${seeding.aggregateItems.toLocaleString('en')} aggregate items in ${seedingFigures.aggregatesSeconds} s (both sizes); one commune's SLA report about ${perCommuneMs} ms at ${LARGE.toLocaleString('en')}. The statistics and the service index read, per commune, at most 43 aggregate items by key and its few year rollups, whatever the period and the dossiers; the SLA report run reads the open dossiers, the same number at both sizes. DynamoDB Local reports 0 read units for the worklist page, which reads only an index.`,
  ].join('\n');
  if (!args.includes('--no-figures')) writeFigures('npm run bench:scale', markdown);
  client.destroy();
  await dynamoLocal.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
