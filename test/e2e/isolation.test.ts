import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { RULES, type Action } from '../../shared/domain/lifecycle.js';
import { ROLES, type Role } from '../../shared/domain/model.js';
import { HTTP_ROUTES, type HttpRoute } from '../../shared/http/routes.js';
import { PORTAL_ROUTES, PORTAL_SCOPE, STAFF_SCOPE } from '../../infra/scopes.js';
import { apiClient, eventually } from '../support/client.js';
import { startTestRuntime } from '../support/local.js';
import { applicant, newDossier, officials } from '../support/officials.js';

/**
 * The isolation matrix: every authenticated route × every way of being the wrong caller. Each
 * attempt must be denied (401, 403 or 404) and leave the dossier as it was. A route added to
 * the route table without an entry here fails the suite.
 */

type Claims = { sub: string; roles: Role[]; province: string; commune?: string; department?: string };
interface RouteCase {
  body?: unknown;
  right: Claims;
  /** A role that may never use the route; null where every role may (lists answer only what the caller may see). */
  wrongRole: Claims | null;
  /** The route is bound to the caller's department. */
  departmental?: boolean;
}

const commune = (roles: Role[], extra: Partial<Claims> = {}): Claims => ({
  sub: `${roles[0]}-${extra.commune ?? 'H30.01'}`,
  roles,
  province: 'LCI',
  commune: 'H30.01',
  ...extra,
});
const province = (roles: Role[]): Claims => ({ sub: `${roles[0]}-LCI`, roles, province: 'LCI' });
const portal: Claims = { sub: 'portal-dvc', roles: ['PORTAL'], province: 'LCI' };

const procedureBody = {
  name: 'Thủ tục',
  department: 'OFFICE',
  processing: { kind: 'WORKING_DAYS', days: 1 },
  stepBudgets: { RECEPTION: 0.25, ASSIGNMENT: 0, APPRAISAL: 0.5, REVIEW: 0, APPROVAL: 0.25, ISSUANCE: 0 },
  requiredDocuments: [],
  fee: 0,
};
const transitionBodies: Record<Action, Record<string, unknown>> = {
  accept: {},
  'request-supplement': { reason: 'Thiếu', documents: ['Tờ khai'] },
  supplement: { documents: [{ name: 'Tờ khai', kind: 'ORIGINAL', count: 1 }] },
  refuse: { reason: 'Không hợp lệ' },
  assign: { assignee: 'specialist-economics@H30.01' },
  propose: { outcome: 'APPROVE', summary: 'Đủ' },
  review: { agree: true, note: 'Trình' },
  approve: { decision: 'APPROVED', note: 'Ký' },
  issue: {},
  return: {},
  withdraw: { reason: 'Rút' },
  extend: { newDueAt: '2030-01-01T09:00:00+07:00', reason: 'Xin lỗi' },
  collect: { method: 'CASH' },
  waive: { group: 'HO_NGHEO', evidence: 'Giấy chứng nhận hộ nghèo' },
  refund: { reason: 'Hoàn trả' },
};

function transitionCase(action: Action): RouteCase {
  const rule = RULES[action];
  const role = rule.roles.find((r) => r !== 'PORTAL')!;
  const departmental = rule.departmentRoles?.includes(role) ?? false;
  const wrong = ROLES.find((r) => !rule.roles.includes(r) && r !== 'PROVINCE_ADMIN' && r !== 'PROVINCE_AUDITOR')!;
  return {
    body: transitionBodies[action],
    right: commune([role], departmental ? { department: 'ECONOMICS', sub: 'specialist-economics@H30.01' } : {}),
    wrongRole: commune([wrong], { department: 'ECONOMICS' }),
    departmental,
  };
}

const CASES: Record<string, RouteCase> = {
  'admin-put-procedure': { body: procedureBody, right: province(['PROVINCE_ADMIN']), wrongRole: province(['PROVINCE_AUDITOR']) },
  'admin-put-commune': { body: { name: 'Xã mới' }, right: province(['PROVINCE_ADMIN']), wrongRole: commune(['LEADER']) },
  // Who may import is checked before the file is read: a wrong caller is refused whatever the body.
  'admin-import-procedures': { body: {}, right: province(['PROVINCE_ADMIN']), wrongRole: province(['PROVINCE_AUDITOR']) },
  'admin-put-commune-procedure': { body: { enabled: false }, right: province(['PROVINCE_ADMIN']), wrongRole: province(['PROVINCE_AUDITOR']) },
  'admin-put-calendar': { body: { daysOff: ['2031-01-01'], source: 'x' }, right: province(['PROVINCE_ADMIN']), wrongRole: province(['PROVINCE_AUDITOR']) },
  'dossiers-create': { body: newDossier('1.001612'), right: commune(['RECEPTION']), wrongRole: commune(['LEADER']) },
  'dossiers-list': { right: commune(['RECEPTION']), wrongRole: null },
  'dossiers-search': {
    body: { idNumber: applicant.idNumber },
    right: commune(['RECEPTION']),
    wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' },
  },
  'dossiers-received': { right: commune(['RECEPTION']), wrongRole: commune(['LEADER']) },
  'dossiers-get': { right: commune(['RECEPTION']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  'dossiers-form': { right: commune(['RECEPTION']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  'attachments-create': {
    body: { name: 'Bản quét.pdf', purpose: 'SCAN', contentType: 'application/pdf', size: 1000 },
    right: commune(['RECEPTION']),
    wrongRole: commune(['LEADER']),
  },
  'attachments-complete': {
    right: commune(['RECEPTION'], { sub: 'reception@H30.01' }),
    wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' },
  },
  'attachments-get': { right: commune(['RECEPTION']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  'dossiers-audit': { right: province(['PROVINCE_AUDITOR']), wrongRole: commune(['RECEPTION']) },
  // The applicant's messages: officials who may see the dossier, never a portal.
  'dossiers-messages': { right: commune(['RECEPTION']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  'dossiers-verify-history': { right: province(['PROVINCE_AUDITOR']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  'reports-commune-sla': { right: commune(['LEADER']), wrongRole: commune(['RECEPTION']) },
  'reports-province-sla': { right: province(['PROVINCE_AUDITOR']), wrongRole: commune(['LEADER']) },
  'reports-statistics': { right: province(['PROVINCE_AUDITOR']), wrongRole: commune(['LEADER']) },
  // A commune leader reads it too, for their own commune only (test/e2e/service-index.test.ts).
  'reports-service-index': { right: province(['PROVINCE_AUDITOR']), wrongRole: commune(['DEPT_HEAD'], { department: 'OFFICE' }) },
  ...Object.fromEntries((Object.keys(RULES) as Action[]).map((a) => [`dossiers-${a}`, transitionCase(a)])),
  // The whole batch is refused to a caller without the step's role or of another commune; each item is its own step (test/e2e/bulk.test.ts).
  'dossiers-batch': {
    body: { action: 'return', items: [{ id: '0b9f3a52-7f4e-4a57-9c39-2f7d4c9e1a10' }] },
    right: commune(['RECEPTION']),
    wrongRole: commune(['LEADER']),
  },
  // The province's officials: its administrator only, never the inspector who reads everything else.
  'officials-list': { right: province(['PROVINCE_ADMIN']), wrongRole: province(['PROVINCE_AUDITOR']) },
  'officials-put': {
    body: { name: 'Lò Thị Hoa', email: 'reception.h30.01@mot-cua.local', roles: ['RECEPTION'], commune: 'H30.01', enabled: true },
    right: province(['PROVINCE_ADMIN']),
    wrongRole: province(['PROVINCE_AUDITOR']),
  },
  'officials-delete': { right: province(['PROVINCE_ADMIN']), wrongRole: province(['PROVINCE_AUDITOR']) },
  // Who signs for a commune: its province's administrator only.
  'signers-put-seal': { body: { provider: 'local', credentialRef: 'seal' }, right: province(['PROVINCE_ADMIN']), wrongRole: province(['PROVINCE_AUDITOR']) },
  'signers-put-leader': {
    body: { provider: 'local', credentialRef: 'leader' },
    right: province(['PROVINCE_ADMIN']),
    wrongRole: province(['PROVINCE_AUDITOR']),
  },
  'dossiers-signing-get': { right: commune(['RECEPTION']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  'attachments-signatures': { right: commune(['RECEPTION']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  // Fees: a receipt is read by whoever may read the dossier; online payment is started by the portal that filed it.
  'dossiers-payment-receipt': { right: commune(['RECEPTION']), wrongRole: { sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' } },
  'dossiers-payment-online': { right: portal, wrongRole: { ...portal, sub: 'another-portal' } },
  'reports-commune-collections': { right: commune(['LEADER']), wrongRole: commune(['DEPT_HEAD'], { department: 'OFFICE' }) },
  'reports-province-collections': { right: province(['PROVINCE_AUDITOR']), wrongRole: commune(['LEADER']) },
  // A portal's webhooks: officials never; another portal finds none of this one's (404).
  'webhooks-list': { right: portal, wrongRole: commune(['RECEPTION']) },
  'webhooks-put': { body: { url: 'http://127.0.0.1:9/hooks' }, right: portal, wrongRole: province(['PROVINCE_ADMIN']) },
  'webhooks-get': { right: portal, wrongRole: { ...portal, sub: 'another-portal' } },
  'webhooks-delete': { right: portal, wrongRole: { ...portal, sub: 'another-portal' } },
  'webhooks-deliveries': { right: portal, wrongRole: { ...portal, sub: 'another-portal' } },
};

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let victim: { id: string; version: number; status: string; attachment: string };

function pathOf(route: HttpRoute): string {
  const values: Record<string, string> = {
    c: 'H30.01',
    p: 'LCI',
    id: victim.id,
    code: '9.000009',
    year: '2031',
    form: '06',
    aid: victim.attachment,
    name: 'victim-hook',
    username: 'reception.h30.01',
    sub: 'leader-h30.01',
    sid: '0b9f3a52-7f4e-4a57-9c39-2f7d4c9e1a10',
    number: '1',
  };
  const periodic = ['reports-statistics', 'reports-service-index', 'reports-commune-collections', 'reports-province-collections'];
  const query = periodic.includes(route.name) ? '?from=2026-01-01&to=2026-01-31' : '';
  return route.path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name]!) + query;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  const who = await officials(api);
  const created = await api.call('POST', '/v1/communes/H30.01/dossiers', {
    token: who.portal,
    body: newDossier('1.001612', 'ONLINE'),
    headers: { 'idempotency-key': 'isolation-victim' },
  });
  const id = created.body.id;
  await api.call('POST', `/v1/communes/H30.01/dossiers/${id}/accept`, { token: who.reception, body: {} });
  await eventually(async () => (await api.call('GET', `/v1/communes/H30.01/dossiers/${id}`, { token: who.reception })).body.step === 'ASSIGNMENT');
  await api.call('POST', `/v1/communes/H30.01/dossiers/${id}/assign`, { token: who.head.ECONOMICS, body: { assignee: 'specialist-economics@H30.01' } });
  // A file still PENDING: completing it is what a wrong caller must not do.
  const file = await api.call('POST', `/v1/communes/H30.01/dossiers/${id}/attachments`, {
    token: who.reception,
    body: { name: 'Tờ khai.pdf', purpose: 'APPLICATION', contentType: 'application/pdf', size: 1000 },
  });
  // The portal's webhook: removing it or reading its deliveries is what another caller must not do.
  await api.call('PUT', '/v1/provinces/LCI/webhooks/victim-hook', { token: who.portal, body: { url: 'http://127.0.0.1:9/hooks' } });
  const after = await api.call('GET', `/v1/communes/H30.01/dossiers/${id}`, { token: who.reception });
  victim = { id, version: after.body.version, status: after.body.status, attachment: file.body.id };
});

afterAll(async () => {
  await runtime?.stop();
});

describe('isolation matrix', () => {
  const routes = HTTP_ROUTES.filter((r) => !r.public);

  it('has a case for every authenticated route, and only the catalogue and lookup are public', () => {
    expect(routes.map((r) => r.name).filter((name) => !CASES[name])).toEqual([]);
    expect(
      HTTP_ROUTES.filter((r) => r.public)
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      'lookup-get',
      'lookup-payment-online',
      'lookup-post',
      'lookup-rating',
      'lookup-result',
      'lookup-result-post',
      'openapi',
      'payments-callback',
      'procedures-commune-list',
      'procedures-list',
    ]);
  });

  it('denies every wrong caller on every route and changes nothing', async () => {
    let attempts = 0;
    const denied: string[] = [];
    for (const route of routes) {
      const spec = CASES[route.name]!;
      const right = await api.token(spec.right);
      const [header, payload] = right.split('.');
      const attackers: [string, string | undefined][] = [
        ['no token', undefined],
        ['expired token', await api.token({ ...spec.right, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 })],
        ['forged signature', `${header}.${payload}.${b64({ forged: true })}`],
        ['alg none', `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`],
        ['other province', await api.token({ ...spec.right, province: 'HNI' })],
      ];
      // Tokens of the wrong kind: ID tokens (no scope; with one, the handler still refuses them),
      // a portal's token without the portal scope, and official's claims under the portal scope
      // on a route portals may not call.
      attackers.push(
        ['ID token', await api.token({ ...spec.right, token_use: 'id' })],
        ['ID token with a scope', await api.token({ ...spec.right, token_use: 'id', scope: `${STAFF_SCOPE} ${PORTAL_SCOPE}` })],
        ['portal without the portal scope', await api.token({ sub: 'portal-unscoped', roles: ['PORTAL'], province: 'LCI', scope: 'openid' })],
      );
      if (!PORTAL_ROUTES.has(route.name)) attackers.push(['portal scope on a staff route', await api.token({ ...spec.right, scope: PORTAL_SCOPE })]);
      if (spec.right.commune) attackers.push(['other commune', await api.token({ ...spec.right, commune: 'H30.02', sub: `${spec.right.sub}-H30.02` })]);
      if (spec.wrongRole) attackers.push(['wrong role', await api.token(spec.wrongRole)]);
      if (spec.departmental) attackers.push(['wrong department', await api.token({ ...spec.right, department: 'OFFICE' })]);
      for (const [who, token] of attackers) {
        const answer = await api.call(route.method, pathOf(route), { ...(token ? { token } : {}), ...(spec.body !== undefined ? { body: spec.body } : {}) });
        attempts++;
        if (![401, 403, 404].includes(answer.status)) denied.push(`${route.name} × ${who} → ${answer.status}`);
      }
    }

    console.log(`isolation matrix: ${attempts - denied.length} of ${attempts} attempts on ${routes.length} routes denied`);
    expect(denied).toEqual([]);
    const who = await officials(api);
    const after = await api.call('GET', `/v1/communes/H30.01/dossiers/${victim.id}`, { token: who.reception });
    expect(after.body).toMatchObject({ version: victim.version, status: victim.status, step: 'APPRAISAL' });
    const all = await api.call('GET', '/v1/communes/H30.01/dossiers?limit=100', { token: who.reception });
    expect(all.body.items).toHaveLength(1);
    const hooks = await api.call('GET', '/v1/provinces/LCI/webhooks', { token: who.portal });
    expect(hooks.body.items.map((w: { name: string; url: string }) => [w.name, w.url])).toEqual([['victim-hook', 'http://127.0.0.1:9/hooks']]);
    expect(attempts).toBeGreaterThanOrEqual(routes.length * 9);
  });

  it('refuses ID tokens and unscoped portal tokens for the right reason, and lets the scoped ones through', async () => {
    const portal = { sub: 'portal-scopes', roles: ['PORTAL'], province: 'LCI' };
    const list = (token: string) => api.call('GET', '/v1/communes/H30.01/dossiers', { token });
    expect((await list(await api.token(portal))).status).toBe(200);
    const unscoped = await list(await api.token({ ...portal, scope: 'openid' }));
    expect(unscoped.status).toBe(403);
    expect(unscoped.body.detail).toMatch(/scopes/);
    // The gateway refuses an ID token (no scope); were one to carry a scope, the handler refuses it.
    expect((await list(await api.token({ ...portal, token_use: 'id' }))).status).toBe(403);
    const scopedId = await list(await api.token({ ...portal, token_use: 'id', scope: PORTAL_SCOPE }));
    expect(scopedId.status).toBe(401);
    expect(scopedId.body.detail).toMatch(/access token/);
    // A portal's scope opens only the portal routes.
    const report = await api.call('GET', '/v1/communes/H30.01/reports/sla-breaches', {
      token: await api.token({ ...commune(['LEADER']), scope: PORTAL_SCOPE }),
    });
    expect(report.status).toBe(403);
  });

  it('shows a portal only its own dossiers in lists', async () => {
    const stranger = await api.token({ sub: 'another-portal', roles: ['PORTAL'], province: 'LCI' });
    const list = await api.call('GET', '/v1/communes/H30.01/dossiers', { token: stranger });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('refuses a cursor made for other filters', async () => {
    const who = await officials(api);
    const page = await api.call('GET', '/v1/communes/H30.01/dossiers?status=IN_PROCESSING&limit=1', { token: who.reception });
    expect(page.body.nextCursor).toEqual(expect.any(String));
    const elsewhere = await api.call('GET', `/v1/communes/H30.01/dossiers?status=SUBMITTED&cursor=${page.body.nextCursor}`, { token: who.reception });
    expect(elsewhere.status).toBe(400);
  });

  it('refuses a cursor that was tampered with or made for another commune', async () => {
    const who = await officials(api);
    const page = await api.call('GET', '/v1/communes/H30.01/dossiers?limit=1', { token: who.reception });
    const cursor = page.body.nextCursor ?? `${b64({ t: 'H30.01', k: {} })}.sig`;
    const other = await officials(api, 'H30.02');
    expect((await api.call('GET', `/v1/communes/H30.02/dossiers?cursor=${cursor}`, { token: other.reception })).status).toBe(400);
    expect((await api.call('GET', `/v1/communes/H30.01/dossiers?cursor=${cursor}x`, { token: who.reception })).status).toBe(400);
  });
});
