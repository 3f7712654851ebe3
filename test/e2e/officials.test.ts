import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalRuntime } from '../../infra/local/runtime.js';
import { apiClient } from '../support/client.js';
import { fullLifecycle } from '../support/lifecycle.js';
import { startTestRuntime } from '../support/local.js';
import { officials } from '../support/officials.js';

const run = promisify(execFile);
const base = '/v1/communes/H30.01/dossiers';

let runtime: LocalRuntime;
let api: ReturnType<typeof apiClient>;
let named: Awaited<ReturnType<typeof officials>>;
const folder = mkdtempSync(join(tmpdir(), 'mot-cua-officials-'));

beforeAll(async () => {
  runtime = await startTestRuntime();
  api = apiClient(runtime);
  named = await officials(api, 'H30.01', 'LCI', { named: true });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('officials by name', () => {
  it('a dossier worked by named officials: the receipt, Form 06, the history and its PDF name each of them, and the unit by its name', async () => {
    const { id } = await fullLifecycle(api, named, { procedureCode: '1.001612', department: 'ECONOMICS', until: 'RESULT_READY' });

    const receipt = await api.call('GET', `${base}/${id}/forms/01`, { token: named.reception });
    expect(receipt.body).toMatchObject({ receivedBy: 'Lò Thị Hoa', issuingUnit: 'H30.01', issuingUnitName: 'Tân Uyên' });
    const sheet = await api.call('GET', `${base}/${id}/forms/06`, { token: named.reception });
    expect(sheet.body.steps.map((s: { actor: string }) => s.actor)).toEqual([
      'Lò Thị Hoa',
      'Hoàng Văn Dũng',
      'Vàng A Sình',
      'Hoàng Văn Dũng',
      'Trần Văn Bình',
      'Phạm Thị Hằng',
    ]);
    expect(sheet.body.handoffs.map((h: { handedOverBy: string; receivedBy: string }) => [h.handedOverBy, h.receivedBy])).toEqual([
      ['Lò Thị Hoa', 'Phòng Kinh tế'],
      ['Phạm Thị Hằng', 'Bộ phận một cửa'],
    ]);

    const dossier = (await api.call('GET', `${base}/${id}`, { token: named.reception })).body;
    const clerk = dossier.history.find((h: { action: string }) => h.action === 'issue');
    expect(clerk).toMatchObject({ actor: 'clerk@H30.01', actorName: 'Phạm Thị Hằng' });
    const verification = await api.call('GET', `${base}/${id}/history/verification`, { token: named.reception });
    expect(verification.body).toMatchObject({ valid: true, canonicalForm: 'mot-cua/history/v3' });

    const pdf = await fetch(`${runtime.url}${base}/${id}/forms/01`, { headers: { authorization: `Bearer ${named.reception}`, accept: 'application/pdf' } });
    const file = join(folder, 'receipt.pdf');
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const text = (await run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'])).stdout;
    expect(text).toContain('UBND XÃ TÂN UYÊN');
    expect(text).toContain('Người tiếp nhận: Lò Thị Hoa');
  });

  it('a token without a name (as before officials were named) leaves the account on the record', async () => {
    const unnamed = await officials(api);
    const { id } = await fullLifecycle(api, unnamed, { until: 'RESULT_READY' });
    const receipt = await api.call('GET', `${base}/${id}/forms/01`, { token: unnamed.reception });
    expect(receipt.body.receivedBy).toBe('reception@H30.01');
    const dossier = (await api.call('GET', `${base}/${id}`, { token: unnamed.reception })).body;
    expect(dossier.history.some((h: { actorName?: string }) => h.actorName !== undefined)).toBe(false);
  });
});
