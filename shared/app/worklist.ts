import { judgedAt, standingOf } from '../domain/deadlines.js';
import { isOpen, type Actor, type Department, type Standing, type Status, type Step, type Timeliness } from '../domain/model.js';
import { parseInstant } from '../domain/time.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { tenancy } from './access.js';
import type { DossierFilter, DossierSummary, PagePosition } from '../domain/worklist.js';
import type { Clock, DossierStore } from './ports.js';
import type { Provinces } from './provinces.js';
import { canonicalJson } from './secrets.js';

export interface WorklistQuery {
  status?: Status;
  step?: Step;
  department?: Department;
  assignee?: string;
  timeliness?: Timeliness | Standing;
  supplied?: boolean;
  limit: number;
}

/** A line of the worklist and how it stands against its appointment now (null without one). */
export interface WorklistItem {
  summary: DossierSummary;
  standing: Timeliness | Standing | null;
}

/** A worklist line of a summary: its outcome once it has one, else how its open deadline stands at `now`. */
export const lineOf =
  (calendar: WorkingCalendar, now: number) =>
  (summary: DossierSummary): WorklistItem => ({
    summary,
    standing:
      summary.timeliness ??
      (summary.dueAt && isOpen(summary.status) ? standingOf(calendar, judgedAt(now, summary.pausedAt), parseInstant(summary.dueAt)) : null),
  });

/** A commune's worklist, narrowed by status, step, department, assignee, timeliness and an answered supplement request. */
export function worklists({
  store,
  clock,
  provinces,
  access,
}: {
  store: DossierStore;
  clock: Clock;
  provinces: Provinces;
  access: ReturnType<typeof tenancy>;
}) {
  /**
   * One page. `resume` turns the caller's cursor into a position of this very list, named by
   * `listing` (the commune and the filters): a cursor continues only the list it was made for.
   */
  return async function worklist(
    actor: Actor,
    commune: string,
    query: WorklistQuery,
    resume?: (listing: string) => PagePosition,
  ): Promise<{ items: WorklistItem[]; next?: PagePosition; listing: string }> {
    const { config } = await access.communeFor(actor, commune);
    const staff = actor.roles.some((r) => r !== 'PORTAL');
    const filter: DossierFilter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.step ? { step: query.step } : {}),
      ...(query.department ? { department: query.department } : {}),
      ...(query.assignee ? { assignee: query.assignee } : {}),
      ...(query.supplied !== undefined ? { supplied: query.supplied } : {}),
      ...(staff ? {} : { submittedBy: actor.sub }),
    };
    const listing = `${commune}|${canonicalJson(filter)}`;
    const page = await store.listDossiers(commune, filter, query.limit, resume?.(listing));
    const calendar = provinces.calendarOf(config);
    // Each item says how it stands now (Quá hạn, Sắp đến hạn), as the timeliness filter judges it.
    const items = page.items.map(lineOf(calendar, clock.now())).filter((item) => !query.timeliness || item.standing === query.timeliness);
    return { items, ...(page.next ? { next: page.next } : {}), listing };
  };
}
