/**
 * The DynamoDB repository against DynamoDB Local (the suite's global setup starts it): optimistic
 * versions, the atomic daily sequence, idempotent creation, the worklist and the sparse indexes.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS, workingCalendar } from '../../shared/domain/calendar.js';
import { generatedYear, OFFICIAL_CALENDARS } from '../../shared/domain/holidays.js';
import { decide, receiveHandoff, submitDossier, type Command, type Context } from '../../shared/domain/lifecycle.js';
import { STATUSES, type Actor, type Department, type Dossier, type Procedure, type Step } from '../../shared/domain/model.js';
import { parseInstant } from '../../shared/domain/time.js';
import { localTable } from '../support/table.js';

/** The dossier store as the composition puts it together: dossiers, their lists, the catalogue. */
type Repository = typeof import('../../shared/adapters/repository.js') &
  typeof import('../../shared/adapters/worklist.js') &
  typeof import('../../shared/adapters/province-config.js');
type WorklistPosition = import('../../shared/adapters/worklist.js').WorklistPosition;
type Aws = typeof import('../../shared/adapters/aws.js');
type Table = typeof import('../../shared/adapters/table.js') & typeof import('../../shared/adapters/dossier-item.js');

let repo: Repository;
let aws: Aws;
let table: Table;
let client: DynamoDBClient;
let tableName: string;

const PROVINCE = 'TST';
beforeAll(async () => {
  // Before any adapter is loaded: the SDK clients read the environment when they are first made.
  ({ client, tableName } = await localTable('it-repo'));
  repo = {
    ...(await import('../../shared/adapters/repository.js')),
    ...(await import('../../shared/adapters/worklist.js')),
    ...(await import('../../shared/adapters/province-config.js')),
  };
  aws = await import('../../shared/adapters/aws.js');
  table = { ...(await import('../../shared/adapters/table.js')), ...(await import('../../shared/adapters/dossier-item.js')) };
  // Dossiers are stored with their procedure by reference: the catalogue versions they refer to are published first.
  for (const department of ['OFFICE', 'ECONOMICS', 'CULTURE_SOCIETY'] as const) {
    const { version: _version, ...procedure } = procedureOf(department);
    await repo.putProcedure(PROVINCE, procedure, 0);
  }
});

afterAll(() => {
  client?.destroy();
});

// ---------------------------------------------------------------------------------------------
// Domain fixtures: dossiers are made and moved by the pure lifecycle, as the handlers do.

const calendar = workingCalendar(DEFAULT_OFFICE_HOURS, OFFICIAL_CALENDARS, generatedYear);
/** A Tuesday morning in office hours. */
const T0 = parseInstant('2026-03-10T09:00:00+07:00');
const SECOND = 1000;

const budgets = (...days: number[]): Record<Step, number> => {
  const [RECEPTION = 0, ASSIGNMENT = 0, APPRAISAL = 0, REVIEW = 0, APPROVAL = 0, ISSUANCE = 0] = days;
  return { RECEPTION, ASSIGNMENT, APPRAISAL, REVIEW, APPROVAL, ISSUANCE };
};
const procedureOf = (department: Department): Procedure => ({
  code: `9.${department.length}`,
  name: `Thủ tục thử nghiệm (${department})`,
  department,
  processing: { kind: 'WORKING_DAYS', days: 3 },
  stepBudgets: budgets(0.25, 0.25, 1.5, 0.5, 0.25, 0.25),
  requiredDocuments: ['Đơn'],
  supplementRule: 'PAUSE',
  version: 1,
});

const desk = (commune: string): Actor => ({ sub: 'desk-1', roles: ['RECEPTION'], province: PROVINCE, commune });
const portal: Actor = { sub: 'portal-1', roles: ['PORTAL'], province: PROVINCE };
const staff = (commune: string, department: Department) => ({
  head: { sub: `head-${department}`, roles: ['DEPT_HEAD'], province: PROVINCE, commune, department } satisfies Actor,
  specialist: { sub: 'spec-1', roles: ['SPECIALIST'], province: PROVINCE, commune, department } satisfies Actor,
  leader: { sub: 'leader-1', roles: ['LEADER'], province: PROVINCE, commune } satisfies Actor,
  clerk: { sub: 'clerk-1', roles: ['CLERK'], province: PROVINCE, commune } satisfies Actor,
});

let tick = 0;
/** Distinct, increasing instants, so worklist order (by submission time) is known. */
const nextInstant = () => T0 + ++tick * SECOND;

function newDossier(commune: string, options: { department?: Department; by?: Actor } = {}): Dossier {
  const actor = options.by ?? desk(commune);
  const decision = submitDossier(
    {
      procedureCode: procedureOf(options.department ?? 'ECONOMICS').code,
      channel: actor.roles.includes('PORTAL') ? 'ONLINE' : 'IN_PERSON',
      applicant: { name: 'Lò Văn A', idNumber: '012345678901', address: 'Bản Nà Cà' },
      documents: [{ name: 'Đơn', kind: 'ORIGINAL', count: 1 }],
    },
    actor,
    {
      now: nextInstant(),
      id: randomUUID(),
      commune,
      receivingUnit: commune,
      procedure: procedureOf(options.department ?? 'ECONOMICS'),
      lookupSecretHash: 'hash',
    },
  );
  if (!decision.ok) throw new Error(decision.refusal.detail);
  return decision.dossier;
}

const ctx = (): Context => ({ now: nextInstant(), calendar });

/** Applies a command with the lifecycle and stores the result on the version it was read at. */
async function act(d: Dossier, cmd: Command, actor: Actor): Promise<Dossier> {
  const decision = decide(d, cmd, actor, ctx());
  if (!decision.ok) throw new Error(`${cmd.type}: ${decision.refusal.detail}`);
  await repo.saveDossier(decision.dossier, d.version);
  return decision.dossier;
}

/** The receiver's side of a hand-over, stored. */
async function receive(d: Dossier, to: Department | 'DESK'): Promise<Dossier> {
  const received = receiveHandoff(d, to, ctx());
  if (!received) throw new Error('nothing to receive');
  await repo.saveDossier(received, d.version);
  return received;
}

let codeSeq = 0;
const accept = (d: Dossier) => act(d, { type: 'accept', code: `${d.receivingUnit}-260310-${String(++codeSeq).padStart(4, '0')}` }, desk(d.commune));

/** A unique commune code per test, so lists and indexes see only that test's dossiers. */
const freshCommune = () => `X${randomUUID().slice(0, 8)}`;

/** The table keys of the dossiers found in an index partition. */
async function indexPartition(index: 'openByDue', pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  const key = 'openPK';
  do {
    const page = await aws.dynamo().send(
      new QueryCommand({
        TableName: aws.tableName(),
        IndexName: index,
        KeyConditionExpression: `${key} = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const inOpenByDue = async (d: Dossier) =>
  (await indexPartition('openByDue', table.keys.openPK(d.commune))).find((i) => i.PK === table.keys.dossier(d.commune, d.id).PK);

// ---------------------------------------------------------------------------------------------

describe('dossier storage', () => {
  it('stores a dossier and reads back exactly what was stored, without index keys', async () => {
    const d = newDossier(freshCommune());
    await expect(repo.createDossier(d)).resolves.toEqual({ created: true });
    const stored = await repo.getDossier(d.commune, d.id);
    expect(stored).toEqual(d);
    for (const derived of ['PK', 'SK', 'procedureRef', 'worklistPK', 'worklistSK', 'openPK']) {
      expect(stored).not.toHaveProperty(derived);
    }
    await expect(repo.getDossier(d.commune, randomUUID())).resolves.toBeUndefined();
    // Another commune's key does not reach it.
    await expect(repo.getDossier(freshCommune(), d.id)).resolves.toBeUndefined();
  });

  it("keeps the commune's shorter time beside the catalogue version it refers to, and reads it back", async () => {
    const d = newDossier(freshCommune());
    const offered = {
      ...d,
      procedure: {
        ...d.procedure,
        processing: { kind: 'WORKING_DAYS' as const, days: 1 },
        stepBudgets: budgets(0.25, 0, 0.5, 0, 0.25),
        committedBy: d.commune,
      },
    };
    await repo.createDossier(offered);
    await expect(repo.getDossier(d.commune, d.id)).resolves.toEqual(offered);
    await expect(repo.getDossier(d.commune, d.id)).resolves.not.toEqual(d);
  });

  it('refuses to create a dossier over an existing one', async () => {
    const d = newDossier(freshCommune());
    await repo.createDossier(d);
    await expect(repo.createDossier({ ...d, note: 'second' })).rejects.toThrow();
    expect(await repo.getDossier(d.commune, d.id)).toEqual(d);
  });

  it('a save on a stale version throws VersionConflict and changes nothing', async () => {
    const d = newDossier(freshCommune());
    await repo.createDossier(d);
    const accepted = await accept(d);
    expect(accepted.version).toBe(2);

    const stale = decide(d, { type: 'refuse', reason: 'thiếu giấy tờ' }, desk(d.commune), ctx());
    if (!stale.ok) throw new Error(stale.refusal.detail);
    await expect(repo.saveDossier(stale.dossier, d.version)).rejects.toBeInstanceOf(repo.VersionConflict);
    // A save claiming a version that was never stored is refused too.
    await expect(repo.saveDossier({ ...accepted, version: 9 }, 8)).rejects.toBeInstanceOf(repo.VersionConflict);
    expect(await repo.getDossier(d.commune, d.id)).toEqual(accepted);
  });

  it('a save of a dossier that was never created is a VersionConflict, not an upsert', async () => {
    const d = newDossier(freshCommune());
    await expect(repo.saveDossier({ ...d, version: 2 }, 1)).rejects.toBeInstanceOf(repo.VersionConflict);
    await expect(repo.getDossier(d.commune, d.id)).resolves.toBeUndefined();
  });

  it('of 20 concurrent saves on the same version exactly one wins', async () => {
    const d = newDossier(freshCommune());
    await repo.createDossier(d);
    const candidates = Array.from({ length: 20 }, (_, i) => ({ ...d, note: `writer ${i}`, version: d.version + 1 }));
    const results = await Promise.allSettled(candidates.map((c) => repo.saveDossier(c, d.version)));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(repo.VersionConflict);
    }
    expect(await repo.getDossier(d.commune, d.id)).toEqual(candidates[won[0]!]);
  });
});

describe('daily code sequence', () => {
  it('gives 50 concurrent callers 50 distinct consecutive numbers', async () => {
    const unit = freshCommune();
    const expiresAt = Math.floor(T0 / 1000) + 7 * 24 * 3600;
    const numbers = await Promise.all(Array.from({ length: 50 }, () => repo.nextSequence(unit, '260310', expiresAt)));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Each unit and day counts on its own.
    await expect(repo.nextSequence(unit, '260311', expiresAt)).resolves.toBe(1);
    await expect(repo.nextSequence(freshCommune(), '260310', expiresAt)).resolves.toBe(1);
    await expect(repo.nextSequence(unit, '260310', expiresAt)).resolves.toBe(51);
  });
});

describe('idempotent creation', () => {
  const record = (d: Dossier, key: string, client = 'portal-1'): import('../../shared/domain/idempotency.js').IdempotencyRecord => ({
    commune: d.receivingUnit,
    client,
    key,
    bodyHash: 'body-hash',
    dossierId: d.id,
    dossierCommune: d.commune,
    expiresAt: Math.floor(T0 / 1000) + 24 * 3600,
  });

  it('the same key twice answers the earlier record and writes one dossier', async () => {
    const commune = freshCommune();
    const first = newDossier(commune, { by: portal });
    const second = newDossier(commune, { by: portal });
    const key = `key-${randomUUID()}`;
    await expect(repo.createDossier(first, record(first, key))).resolves.toEqual({ created: true });
    const again = await repo.createDossier(second, record(second, key));
    expect(again).toEqual({ created: false, earlier: expect.objectContaining(record(first, key)) });
    await expect(repo.getDossier(commune, second.id)).resolves.toBeUndefined();
    const listed = await repo.listDossiers(commune, {}, 100);
    expect(listed.items.map((i) => i.id)).toEqual([first.id]);
  });

  it('keys are per client: another client with the same key gets its own dossier', async () => {
    const commune = freshCommune();
    const first = newDossier(commune, { by: portal });
    const second = newDossier(commune, { by: portal });
    const key = `key-${randomUUID()}`;
    await repo.createDossier(first, record(first, key, 'portal-1'));
    await expect(repo.createDossier(second, record(second, key, 'portal-2'))).resolves.toEqual({ created: true });
  });

  it('10 concurrent creations with one key make exactly one dossier; the others answer it', async () => {
    const commune = freshCommune();
    const key = `key-${randomUUID()}`;
    const dossiers = Array.from({ length: 10 }, () => newDossier(commune, { by: portal }));
    const results = await Promise.allSettled(dossiers.map((d) => repo.createDossier(d, record(d, key))));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).name ?? r.reason)] : []));
    expect(failures, `rejected: ${failures.join(', ')}`).toEqual([]);
    const outcomes = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<Repository['createDossier']>>>).value);
    const winners = outcomes.flatMap((o, i) => (o.created ? [dossiers[i]!.id] : []));
    expect(winners).toHaveLength(1);
    for (const o of outcomes) if (!o.created) expect(o.earlier.dossierId).toBe(winners[0]);
    const listed = await repo.listDossiers(commune, {}, 100);
    expect(listed.items.map((i) => i.id)).toEqual(winners);
  });
});

describe('worklist', () => {
  const commune = `W${randomUUID().slice(0, 8)}`;
  const made: Record<string, Dossier> = {};

  beforeAll(async () => {
    // In submission order (the worklist sort key carries the submission time).
    const submittedOnline = newDossier(commune, { by: portal });
    const submittedOffice = newDossier(commune, { department: 'OFFICE' });
    const atReception = newDossier(commune);
    const atAssignment = newDossier(commune);
    const atAppraisal = newDossier(commune, { department: 'CULTURE_SOCIETY' });
    for (const d of [submittedOnline, submittedOffice, atReception, atAssignment, atAppraisal]) await repo.createDossier(d);
    made.submittedOnline = submittedOnline;
    made.submittedOffice = submittedOffice;
    made.atReception = await accept(atReception);
    made.atAssignment = await receive(await accept(atAssignment), 'ECONOMICS');
    const cs = staff(commune, 'CULTURE_SOCIETY');
    made.atAppraisal = await act(await receive(await accept(atAppraisal), 'CULTURE_SOCIETY'), { type: 'assign', assignee: 'spec-1' }, cs.head);
  });

  const ids = (items: { id: string }[]) => items.map((i) => i.id);
  /** The worklist's order: status by status (in the lifecycle's order), then submission time (newest last). */
  const rank = (d: Dossier) => `${String(STATUSES.indexOf(d.status)).padStart(2, '0')}#${d.submittedAt}#${d.id}`;
  const ordered = (...ds: (Dossier | undefined)[]) =>
    ds
      .map((d) => d!)
      .sort((a, b) => (rank(a) < rank(b) ? -1 : 1))
      .map((d) => d.id);
  const all = () => [made.submittedOnline, made.submittedOffice, made.atReception, made.atAssignment, made.atAppraisal];

  it('lists the commune status by status, then by submission time, with summaries only', async () => {
    const { items, next } = await repo.listDossiers(commune, {}, 100);
    expect(next).toBeUndefined();
    expect(ids(items)).toEqual(ordered(...all()));
    const summary = items.find((i) => i.id === made.atAssignment!.id)!;
    expect(summary).toMatchObject({
      status: 'IN_PROCESSING',
      step: 'ASSIGNMENT',
      department: 'ECONOMICS',
      version: made.atAssignment!.version,
      procedureRef: { code: made.atAssignment!.procedure.code, name: made.atAssignment!.procedure.name },
      applicantName: made.atAssignment!.applicant.name,
    });
    for (const hidden of ['PK', 'SK', 'worklistPK', 'worklistSK', 'applicant', 'history', 'lookupSecretHash']) {
      expect(summary).not.toHaveProperty(hidden);
    }
    // Other communes are not listed.
    expect((await repo.listDossiers(freshCommune(), {}, 100)).items).toEqual([]);
  });

  it('narrows the key by status, and by status and step', async () => {
    expect(ids((await repo.listDossiers(commune, { status: 'SUBMITTED' }, 100)).items)).toEqual([made.submittedOnline!.id, made.submittedOffice!.id]);
    expect(ids((await repo.listDossiers(commune, { status: 'IN_PROCESSING' }, 100)).items)).toEqual(
      ordered(made.atReception, made.atAssignment, made.atAppraisal),
    );
    expect(ids((await repo.listDossiers(commune, { status: 'IN_PROCESSING', step: 'ASSIGNMENT' }, 100)).items)).toEqual([made.atAssignment!.id]);
    expect((await repo.listDossiers(commune, { status: 'RESULT_READY' }, 100)).items).toEqual([]);
  });

  it('filters by step alone, department and submitter', async () => {
    expect(ids((await repo.listDossiers(commune, { step: 'RECEPTION' }, 100)).items)).toEqual([made.atReception!.id]);
    expect(ids((await repo.listDossiers(commune, { department: 'ECONOMICS' }, 100)).items)).toEqual(
      ordered(made.submittedOnline, made.atReception, made.atAssignment),
    );
    expect(ids((await repo.listDossiers(commune, { status: 'IN_PROCESSING', department: 'ECONOMICS' }, 100)).items)).toEqual(
      ordered(made.atReception, made.atAssignment),
    );
    expect(ids((await repo.listDossiers(commune, { submittedBy: 'portal-1' }, 100)).items)).toEqual([made.submittedOnline!.id]);
    expect(ids((await repo.listDossiers(commune, { department: 'OFFICE', submittedBy: 'portal-1' }, 100)).items)).toEqual([]);
  });

  it('lists an assignee’s own worklist', async () => {
    expect(ids((await repo.listDossiers(commune, { assignee: 'spec-1' }, 100)).items)).toEqual([made.atAppraisal!.id]);
    expect(ids((await repo.listDossiers(commune, { assignee: 'spec-1', status: 'IN_PROCESSING', step: 'APPRAISAL' }, 100)).items)).toEqual([
      made.atAppraisal!.id,
    ]);
    expect((await repo.listDossiers(commune, { assignee: 'someone-else' }, 100)).items).toEqual([]);
  });

  it('pages from where the last page ended, each dossier once', async () => {
    const seen: string[] = [];
    let startKey: WorklistPosition | undefined;
    let pages = 0;
    do {
      const page = await repo.listDossiers(commune, {}, 2, startKey);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page.items));
      startKey = page.next;
      pages++;
    } while (startKey && pages < 10);
    expect(seen).toEqual(ordered(...all()));
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it('pages a filtered list too (a page may hold fewer items than the limit)', async () => {
    const seen: string[] = [];
    let startKey: WorklistPosition | undefined;
    let pages = 0;
    do {
      const page = await repo.listDossiers(commune, { department: 'ECONOMICS' }, 2, startKey);
      seen.push(...ids(page.items));
      startKey = page.next;
      pages++;
    } while (startKey && pages < 10);
    expect(seen).toEqual(ordered(made.submittedOnline, made.atReception, made.atAssignment));
  });
});

describe('lookup by code', () => {
  it('finds an accepted dossier by its code, and nothing for an unknown code', async () => {
    const submitted = newDossier(freshCommune());
    await repo.createDossier(submitted);
    const d = await accept(submitted);
    expect(d.code).toBeDefined();
    await expect(repo.findDossierByCode(d.code!)).resolves.toEqual(d);
    await expect(repo.findDossierByCode(`${d.code!}9`)).resolves.toBeUndefined();
  });
});

describe('sparse indexes', () => {
  it('openByDue holds a dossier only while it is IN_PROCESSING or SUPPLEMENT_REQUESTED, keyed by its due time', async () => {
    const commune = freshCommune();
    const eco = staff(commune, 'ECONOMICS');
    let d = newDossier(commune);
    await repo.createDossier(d);
    expect(await inOpenByDue(d)).toBeUndefined();

    // A supplement before acceptance: no appointment yet, so not open.
    d = await act(d, { type: 'request-supplement', reason: 'thiếu', documents: ['Đơn'] }, desk(commune));
    expect(await inOpenByDue(d)).toBeUndefined();
    d = await act(d, { type: 'supplement', documents: [{ name: 'Đơn', kind: 'ORIGINAL', count: 1 }] }, desk(commune));
    expect(d.status).toBe('SUBMITTED');
    expect(await inOpenByDue(d)).toBeUndefined();

    d = await accept(d);
    expect(await inOpenByDue(d)).toMatchObject({ openSK: d.dueAt });
    d = await receive(d, 'ECONOMICS');
    expect(await inOpenByDue(d)).toBeDefined();

    d = await act(d, { type: 'request-supplement', reason: 'bổ sung', documents: ['Bản sao'] }, eco.head);
    expect(d.status).toBe('SUPPLEMENT_REQUESTED');
    expect(await inOpenByDue(d)).toMatchObject({ openSK: d.dueAt });

    d = await act(d, { type: 'supplement', documents: [{ name: 'Bản sao', kind: 'COPY', count: 1 }] }, desk(commune));
    expect(d.status).toBe('IN_PROCESSING');
    // The pause moved the due time, and the index key with it.
    expect(await inOpenByDue(d)).toMatchObject({ openSK: d.dueAt });

    d = await act(d, { type: 'assign', assignee: 'spec-1' }, eco.head);
    d = await act(d, { type: 'propose', outcome: 'APPROVE', summary: 'đủ điều kiện' }, eco.specialist);
    d = await act(d, { type: 'review', agree: true, note: 'đồng ý' }, eco.head);
    d = await act(d, { type: 'approve', decision: 'APPROVED', note: 'cấp' }, eco.leader);
    d = await act(d, { type: 'issue' }, eco.clerk);
    expect(await inOpenByDue(d)).toBeDefined();
    d = await receive(d, 'DESK');
    expect(d.status).toBe('RESULT_READY');
    expect(await inOpenByDue(d)).toBeUndefined();
    d = await act(d, { type: 'return' }, desk(commune));
    expect(await inOpenByDue(d)).toBeUndefined();
  });

  it('openByDue lets go of refused and withdrawn dossiers, and sorts by due time', async () => {
    const commune = freshCommune();
    const refused = newDossier(commune);
    await repo.createDossier(refused);
    await act(refused, { type: 'refuse', reason: 'không thuộc thẩm quyền' }, desk(commune));

    const withdrawn = await accept(
      await (async () => {
        const d = newDossier(commune);
        await repo.createDossier(d);
        return d;
      })(),
    );
    expect(await inOpenByDue(withdrawn)).toBeDefined();
    const gone = await act(withdrawn, { type: 'withdraw', reason: 'không cần nữa' }, desk(commune));
    expect(await inOpenByDue(gone)).toBeUndefined();

    // Stored in one order, due in the other: the index answers by due time.
    const dueLater = newDossier(commune);
    const dueSooner = newDossier(commune);
    await repo.createDossier(dueLater);
    await repo.createDossier(dueSooner);
    const acceptAt = async (d: Dossier, at: string) => {
      const decision = decide(d, { type: 'accept', code: `${commune}-${d.id.slice(0, 4)}` }, desk(commune), { now: parseInstant(at), calendar });
      if (!decision.ok) throw new Error(decision.refusal.detail);
      await repo.saveDossier(decision.dossier, d.version);
      return decision.dossier;
    };
    const later = await acceptAt(dueLater, '2026-03-12T09:00:00+07:00');
    const sooner = await acceptAt(dueSooner, '2026-03-10T10:00:00+07:00');
    expect(sooner.dueAt! < later.dueAt!).toBe(true);
    const partition = await indexPartition('openByDue', table.keys.openPK(commune));
    expect(partition.map((i) => i.openSK)).toEqual([sooner.dueAt, later.dueAt]);
  });
});

describe('search indexes', () => {
  /** Write units a put spends on each of the search indexes (DynamoDB Local reports them per index). */
  async function searchIndexUnits(d: Dossier, condition?: { expected: number }) {
    const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
    const { marshall } = await import('@aws-sdk/util-dynamodb');
    const answer = await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall(table.dossierItem(d), { removeUndefinedValues: true, convertClassInstanceToMap: true }),
        ReturnConsumedCapacity: 'INDEXES',
        ...(condition
          ? {
              ConditionExpression: '#v = :v',
              ExpressionAttributeNames: { '#v': table.ATTRIBUTES.version },
              ExpressionAttributeValues: { ':v': { N: String(condition.expected) } },
            }
          : {}),
      }),
    );
    const indexes = answer.ConsumedCapacity?.GlobalSecondaryIndexes ?? {};
    return Object.fromEntries(['byIdNumber', 'byPhone', 'receivedForOthers'].map((name) => [name, indexes[name]?.CapacityUnits ?? 0]));
  }

  it('are written once, when the dossier is created, and not by its later versions', async () => {
    const created: Dossier = { ...newDossier('S.01'), receivingUnit: 'S.02', applicantKeys: { idNumber: 'hmac-of-id', phone: 'hmac-of-phone' } };
    expect(await searchIndexUnits(created)).toEqual({ byIdNumber: 1, byPhone: 1, receivedForOthers: 1 });
    const accepted = decide(created, { type: 'accept', code: 'S.02-260310-0001' }, desk('S.02'), ctx());
    if (!accepted.ok) throw new Error(accepted.refusal.detail);
    expect(await searchIndexUnits(accepted.dossier, { expected: created.version })).toEqual({ byIdNumber: 0, byPhone: 0, receivedForOthers: 0 });
  });

  it('find a commune’s dossiers by the applicant’s key and a desk’s dossiers received for others, newest first', async () => {
    const keysOf = { idNumber: 'hmac-of-another-id' };
    const older = { ...newDossier('S.03'), applicantKeys: keysOf };
    const newer = { ...newDossier('S.03'), applicantKeys: keysOf };
    const elsewhere = { ...newDossier('S.04'), applicantKeys: keysOf };
    const received = { ...newDossier('S.03'), receivingUnit: 'S.05' };
    for (const d of [older, newer, elsewhere, received]) await repo.createDossier(d);

    const first = await repo.dossiersByApplicant('S.03', 'idNumber', 'hmac-of-another-id', 1);
    const second = await repo.dossiersByApplicant('S.03', 'idNumber', 'hmac-of-another-id', 1, first.next);
    expect([...first.items, ...second.items].map((s) => s.id)).toEqual([newer.id, older.id]);
    expect(first.items[0]).toMatchObject({ applicantName: 'Lò Văn A', status: 'SUBMITTED', procedureRef: { code: newer.procedure.code } });
    expect((await repo.dossiersByApplicant('S.03', 'phone', 'hmac-of-another-id', 10)).items).toEqual([]);
    expect((await repo.dossiersReceivedForOthers('S.05', 10)).items.map((s) => s.id)).toEqual([received.id]);
    expect((await repo.dossiersReceivedForOthers('S.03', 10)).items).toEqual([]);
  });
});
