import { communeDigest, DIGEST_TYPE, provinceDigest } from '../domain/digest.js';
import type { Notice } from '../domain/notifications.js';
import type { SlaReport } from '../domain/reports.js';
import { logger } from '../observability/logger.js';
import type { MessageSender } from './notifications.js';
import type { Provinces } from './provinces.js';

export interface DigestStore {
  getSlaReports(communes: string[], date: string): Promise<SlaReport[]>;
  /** Whether the digest of this scope (a commune, or `province`) and day went out already. */
  digestSent(province: string, scope: string, date: string): Promise<boolean>;
  recordDigest(province: string, scope: string, date: string): Promise<void>;
}

export interface DigestRun {
  date: string;
  /** Scopes (commune codes, `province`) whose digest was sent, and to how many recipients. */
  sent: { scope: string; recipients: number }[];
}

/**
 * The morning digest for officials, after the 07:00 SLA report: each commune's recipients get one
 * e-mail of its report, the province's recipients the roll-up; none where there is nothing
 * overdue or at risk. A rerun of the day sends nothing already sent.
 */
export function digests({ store, send, provinces, consoleUrl }: { store: DigestStore; send: MessageSender; provinces: Provinces; consoleUrl: () => string }) {
  async function mail(province: string, scope: string, date: string, recipients: string[], notice: Notice | undefined, run: DigestRun) {
    if (!notice || recipients.length === 0 || (await store.digestSent(province, scope, date))) return;
    for (const to of recipients) await send({ channel: 'EMAIL', to, type: DIGEST_TYPE, notice });
    await store.recordDigest(province, scope, date);
    run.sent.push({ scope, recipients: recipients.length });
  }

  async function sendDigests(province: string, date: string): Promise<DigestRun> {
    const config = await provinces.config(province);
    if (!config) throw new Error(`province ${province} has no configuration`);
    const reports = await store.getSlaReports(
      config.communes.map((c) => c.code),
      date,
    );
    const run: DigestRun = { date, sent: [] };
    for (const commune of config.communes) {
      const report = reports.find((r) => r.commune === commune.code);
      if (report) await mail(province, commune.code, date, commune.reportRecipients ?? [], communeDigest(report, commune.name, consoleUrl()), run);
    }
    const names = Object.fromEntries(config.communes.map((c) => [c.code, c.name]));
    await mail(province, 'province', date, config.reportRecipients ?? [], provinceDigest(config.name, date, reports, names, consoleUrl()), run);
    logger.info('SLA digests sent', { province, date, digests: run.sent.length });
    return run;
  }

  return { sendDigests };
}
