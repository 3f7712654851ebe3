import { DEPARTMENT_NAMES, STEP_TERMS } from './glossary.js';
import type { Notice } from './notifications.js';
import { vietnameseDateTime } from './notifications.js';
import type { SlaEntry, SlaReport } from './reports.js';

/** The morning digest's message type (GET /_local/messages shows it). */
export const DIGEST_TYPE = 'sla-digest';

const vietnameseDate = (date: string) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** How late, as an official says it: working hours past due, or at risk (due within the next working day). */
function lateness(e: SlaEntry): string {
  if (e.standing === 'AT_RISK') return `sắp đến hạn (${vietnameseDateTime(e.dueAt)})`;
  const days = Math.floor(e.hoursPastDue / 8);
  const hours = Math.round((e.hoursPastDue - days * 8) * 10) / 10;
  const parts = [...(days ? [`${days} ngày`] : []), ...(hours ? [`${hours} giờ`] : [])];
  return `quá hạn ${parts.join(' ') || 'dưới 1 giờ'} làm việc (hạn ${vietnameseDateTime(e.dueAt)})`;
}

function line(e: SlaEntry, commune: string, consoleUrl: string): string {
  const where = e.level === 'STEP' && e.step ? `bước ${STEP_TERMS[e.step]}` : 'hồ sơ (hẹn trả)';
  const department = e.stepDepartment === 'DESK' ? 'Bộ phận Một cửa' : DEPARTMENT_NAMES[e.stepDepartment ?? e.department];
  return `- ${e.code ?? e.dossierId} · ${where} · ${department} · ${lateness(e)}\n  ${consoleUrl}/dossiers/${commune}/${e.dossierId}`;
}

/**
 * A commune's morning digest (bản tin sáng) of its SLA-breach report: the counts, then every
 * OVERDUE and AT_RISK dossier and step by code, step, department and how late, each with its
 * link to the console. None when there is nothing to report.
 */
export function communeDigest(report: SlaReport, communeName: string, consoleUrl: string): Notice | undefined {
  if (report.entries.length === 0) return undefined;
  const sorted = [...report.entries].sort((a, b) => (a.standing === b.standing ? b.hoursPastDue - a.hoursPastDue : a.standing === 'OVERDUE' ? -1 : 1));
  const date = vietnameseDate(report.date);
  const text = [
    `Báo cáo hồ sơ trễ hạn ngày ${date} — ${communeName}`,
    '',
    `Hồ sơ đang giải quyết: ${report.openDossiers}. Quá hạn: ${report.overdue}. Sắp đến hạn: ${report.atRisk}.`,
    '',
    ...sorted.map((e) => line(e, report.commune, consoleUrl)),
    '',
    `Xem trên hệ thống Một Cửa: ${consoleUrl}/reports`,
  ].join('\n');
  return {
    subject: `[Một Cửa] ${communeName}: ${report.overdue} hồ sơ quá hạn, ${report.atRisk} sắp đến hạn (${date})`,
    text,
    params: { commune: report.commune, date: report.date, overdue: String(report.overdue), atRisk: String(report.atRisk) },
  };
}

/** The province's roll-up: each commune's counts and its late dossiers. None when no commune has any. */
export function provinceDigest(
  provinceName: string,
  date: string,
  reports: SlaReport[],
  communeNames: Record<string, string>,
  consoleUrl: string,
): Notice | undefined {
  const late = reports.filter((r) => r.entries.length > 0);
  if (late.length === 0) return undefined;
  const overdue = reports.reduce((sum, r) => sum + r.overdue, 0);
  const atRisk = reports.reduce((sum, r) => sum + r.atRisk, 0);
  const day = vietnameseDate(date);
  const sections = late.map((r) =>
    [
      `${communeNames[r.commune] ?? r.commune} (${r.commune}): ${r.openDossiers} đang giải quyết, ${r.overdue} quá hạn, ${r.atRisk} sắp đến hạn`,
      ...r.entries.map((e) => line(e, r.commune, consoleUrl)),
    ].join('\n'),
  );
  return {
    subject: `[Một Cửa] ${provinceName}: ${overdue} hồ sơ quá hạn, ${atRisk} sắp đến hạn (${day})`,
    text: [
      `Báo cáo hồ sơ trễ hạn toàn tỉnh ngày ${day} — ${provinceName}`,
      '',
      ...sections.flatMap((s) => [s, '']),
      `Xem trên hệ thống Một Cửa: ${consoleUrl}/reports`,
    ].join('\n'),
    params: { date, overdue: String(overdue), atRisk: String(atRisk) },
  };
}
