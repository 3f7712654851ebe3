import type { Processing, Procedure, Step } from './model.js';

/** How a procedure's step budgets fail to add up to its processing time; undefined when they do. */
export function stepBudgetsProblem(processing: Processing, stepBudgets: Record<Step, number>): string | undefined {
  const total = Object.values(stepBudgets).reduce((sum, d) => sum + d, 0);
  if (processing.kind === 'SAME_DAY') return total === 0 ? undefined : 'a SAME_DAY procedure has no step budgets (all 0)';
  return Math.abs(total - processing.days) > 1e-9 ? `the step budgets add up to ${total} days, not ${processing.days}` : undefined;
}

/**
 * What a commune makes of a province procedure: whether it offers it, and a shorter processing
 * time it commits to (with its step budgets). Fees and everything else stay the province's.
 */
export interface CommuneOverride {
  commune: string;
  code: string;
  enabled: boolean;
  processing?: Processing;
  stepBudgets?: Record<Step, number>;
}

/** A processing time in working days; SAME_DAY is shorter than any number of days. */
const daysOf = (p: Processing) => (p.kind === 'SAME_DAY' ? 0 : p.days);

/** Why an override cannot apply to a procedure, by field; empty when it can. */
export function overrideProblems(procedure: Procedure, override: Omit<CommuneOverride, 'commune' | 'code'>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (override.stepBudgets && !override.processing)
    problems.push({ path: 'stepBudgets', message: 'step budgets come with the processing time they add up to' });
  if (!override.processing) return problems;
  const same = override.processing.kind === procedure.processing.kind && daysOf(override.processing) === daysOf(procedure.processing);
  if (!same && daysOf(override.processing) >= daysOf(procedure.processing)) {
    problems.push({ path: 'processing', message: `a commune may only commit to a shorter time than the province's ${describe(procedure.processing)}` });
  }
  const budgets = override.stepBudgets ?? (override.processing.kind === 'SAME_DAY' ? zeroBudgets(procedure.stepBudgets) : undefined);
  if (!budgets) {
    if (!same) problems.push({ path: 'stepBudgets', message: 'a shorter processing time needs its step budgets' });
  } else {
    const problem = stepBudgetsProblem(override.processing, budgets);
    if (problem) problems.push({ path: 'stepBudgets', message: problem });
  }
  return problems;
}

const describe = (p: Processing) => (p.kind === 'SAME_DAY' ? 'same day' : `${p.days} working days`);
const zeroBudgets = (budgets: Record<Step, number>) => Object.fromEntries(Object.keys(budgets).map((s) => [s, 0])) as Record<Step, number>;

/**
 * The procedure as a commune offers it: undefined when it does not, otherwise the province's
 * with the commune's shorter time. An override that no longer fits the procedure (the province
 * published a shorter time since) leaves the province's time.
 */
export function procedureForCommune(procedure: Procedure, override?: CommuneOverride): Procedure | undefined {
  if (!override) return procedure;
  if (!override.enabled) return undefined;
  if (!override.processing || overrideProblems(procedure, override).length) return procedure;
  return {
    ...procedure,
    processing: override.processing,
    stepBudgets: override.stepBudgets ?? zeroBudgets(procedure.stepBudgets),
    committedBy: override.commune,
  };
}

/** What a dossier keeps of its commune's commitment, beside the catalogue version it refers to. */
export type Commitment = Required<Pick<Procedure, 'committedBy' | 'processing' | 'stepBudgets'>>;

export const commitmentOf = (p: Procedure): Commitment | undefined =>
  p.committedBy ? { committedBy: p.committedBy, processing: p.processing, stepBudgets: p.stepBudgets } : undefined;

/** A catalogue version as a dossier is worked under it: with the commitment the dossier keeps, if any. */
export const committed = (version: Procedure, commitment?: Commitment): Procedure => (commitment ? { ...version, ...commitment } : version);
