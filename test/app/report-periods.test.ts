/** The periods a report may cover: ten years answer; a period that is no period, or that has not begun, is refused. */
import { describe, expect, it } from 'vitest';
import { serviceIndexQuery, statisticsQuery } from '../../shared/http/api/reports.js';
import { PROVINCE, officials } from '../domain/fixtures.js';
import { inMemoryApp } from './support.js';

describe('a report period', () => {
  it('of ten years answers from the aggregates; one of more than ten years is no period the contract takes', async () => {
    const { app, clock } = inMemoryApp();
    clock.at = Date.parse('2026-12-31T10:00:00+07:00');
    const period = { from: '2017-01-01', to: '2026-12-31' };
    const stats = await app.reports.provinceStatistics(officials.auditor, PROVINCE, { ...period, groupBy: 'commune' });
    expect(stats).toMatchObject({ ...period, total: { received: { total: 0 } } });
    await expect(app.reports.serviceIndex(officials.auditor, PROVINCE, period)).resolves.toMatchObject(period);
    for (const schema of [statisticsQuery, serviceIndexQuery]) {
      expect(schema.safeParse(period).success).toBe(true);
      expect(schema.safeParse({ from: '2016-12-31', to: '2026-12-31' }).success).toBe(false);
      expect(schema.safeParse({ from: '2026-05-01', to: '2026-04-30' }).success).toBe(false);
    }
  });

  it('that begins after today is refused as invalid (a 400), one that ends after today counts until now', async () => {
    const { app, clock } = inMemoryApp();
    clock.at = Date.parse('2026-03-02T08:00:00+07:00');
    await expect(
      app.reports.provinceStatistics(officials.auditor, PROVINCE, { from: '2026-03-03', to: '2026-03-31', groupBy: 'commune' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(app.reports.serviceIndex(officials.auditor, PROVINCE, { from: '2026-03-03', to: '2026-03-31' })).rejects.toMatchObject({ kind: 'invalid' });
    await expect(
      app.reports.provinceStatistics(officials.auditor, PROVINCE, { from: '2026-03-01', to: '2026-03-31', groupBy: 'commune' }),
    ).resolves.toMatchObject({
      from: '2026-03-01',
    });
  });
});
