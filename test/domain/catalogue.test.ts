import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '../../shared/domain/calendar.js';
import { commitmentOf, committed, overrideProblems, procedureForCommune, stepBudgetsProblem, type CommuneOverride } from '../../shared/domain/catalogue.js';
import { STEPS, type Processing, type Step } from '../../shared/domain/model.js';
import { communeCatalogue, type ProvinceConfig } from '../../shared/domain/province.js';
import { procedure } from './fixtures.js';

const budgets = (...days: number[]) => Object.fromEntries(STEPS.map((s, i) => [s, days[i] ?? 0])) as Record<Step, number>;
const twoDays = { kind: 'WORKING_DAYS', days: 2 } as const;
const twoDayBudgets = budgets(0.25, 0.25, 0.75, 0.25, 0.25, 0.25);
/** Where an override is set: which commune, which procedure. */
const H3002 = { commune: 'H30.02', code: '1.001193' };

/** Working days in quarter-day steps, as the catalogue takes them. */
const quarterDays = (min: number, max: number) => fc.integer({ min: min * 4, max: max * 4 }).map((q) => q / 4);
/** Step budgets in quarter days that add up to `days`: cuts of the quarters into six steps. */
const budgetsOf = (days: number) =>
  fc.array(fc.integer({ min: 0, max: days * 4 }), { minLength: 5, maxLength: 5 }).map((cuts) => {
    const bounds = [0, ...cuts.sort((a, b) => a - b), days * 4];
    return budgets(...STEPS.map((_, i) => (bounds[i + 1]! - bounds[i]!) / 4));
  });

describe('step budgets', () => {
  it('add up to the working days, or are all 0 for a same-day procedure', () => {
    expect(stepBudgetsProblem({ kind: 'WORKING_DAYS', days: 3 }, procedure().stepBudgets)).toBeUndefined();
    expect(stepBudgetsProblem({ kind: 'WORKING_DAYS', days: 2 }, procedure().stepBudgets)).toBe('the step budgets add up to 3 days, not 2');
    expect(stepBudgetsProblem({ kind: 'SAME_DAY' }, budgets())).toBeUndefined();
    expect(stepBudgetsProblem({ kind: 'SAME_DAY' }, budgets(0.25))).toMatch(/SAME_DAY/);
  });

  it('any cut of the days into steps adds up; one quarter more does not', () => {
    fc.assert(
      fc.property(
        quarterDays(0.25, 30).chain((days) => fc.tuple(fc.constant(days), budgetsOf(days), fc.constantFrom(...STEPS))),
        ([days, cut, step]) => {
          expect(stepBudgetsProblem({ kind: 'WORKING_DAYS', days }, cut)).toBeUndefined();
          expect(stepBudgetsProblem({ kind: 'WORKING_DAYS', days }, { ...cut, [step]: cut[step] + 0.25 })).toBeDefined();
        },
      ),
    );
  });
});

describe('a commune override', () => {
  it('without one, the commune offers the province procedure as it is', () => {
    expect(procedureForCommune(procedure())).toEqual(procedure());
  });

  it('disabled, the commune does not offer the procedure', () => {
    expect(procedureForCommune(procedure(), { ...H3002, enabled: false })).toBeUndefined();
    expect(procedureForCommune(procedure(), { ...H3002, enabled: false, processing: twoDays, stepBudgets: twoDayBudgets })).toBeUndefined();
  });

  it('enabled without a time, the province procedure stays as it is', () => {
    expect(procedureForCommune(procedure(), { ...H3002, enabled: true })).toEqual(procedure());
  });

  it('a shorter time replaces the processing and step budgets; fee, documents and version stay the province’s', () => {
    const offered = procedureForCommune(procedure(), { ...H3002, enabled: true, processing: twoDays, stepBudgets: twoDayBudgets });
    expect(offered).toEqual({ ...procedure(), processing: twoDays, stepBudgets: twoDayBudgets, committedBy: 'H30.02' });
  });

  it('same day is shorter than any number of days, its step budgets all 0', () => {
    expect(overrideProblems(procedure(), { enabled: true, processing: { kind: 'SAME_DAY' } })).toEqual([]);
    expect(procedureForCommune(procedure(), { ...H3002, enabled: true, processing: { kind: 'SAME_DAY' } })).toEqual({
      ...procedure(),
      processing: { kind: 'SAME_DAY' },
      stepBudgets: budgets(),
      committedBy: 'H30.02',
    });
  });

  it('a longer time, or the same time of another kind, is refused on processing', () => {
    const threeDays = procedure();
    expect(overrideProblems(threeDays, { enabled: true, processing: { kind: 'WORKING_DAYS', days: 4 }, stepBudgets: budgets(4) })).toEqual([
      { path: 'processing', message: "a commune may only commit to a shorter time than the province's 3 working days" },
    ]);
    const sameDay = procedure({ processing: { kind: 'SAME_DAY' }, stepBudgets: budgets() });
    expect(overrideProblems(sameDay, { enabled: true, processing: { kind: 'WORKING_DAYS', days: 0.25 }, stepBudgets: budgets(0.25) })).toEqual([
      { path: 'processing', message: "a commune may only commit to a shorter time than the province's same day" },
    ]);
    expect(overrideProblems(sameDay, { enabled: true, processing: { kind: 'SAME_DAY' } })).toEqual([]);
  });

  it('step budgets must add up to the commune’s time, and come with one', () => {
    expect(overrideProblems(procedure(), { enabled: true, processing: twoDays, stepBudgets: procedure().stepBudgets })).toEqual([
      { path: 'stepBudgets', message: 'the step budgets add up to 3 days, not 2' },
    ]);
    expect(overrideProblems(procedure(), { enabled: true, processing: twoDays })).toEqual([
      { path: 'stepBudgets', message: 'a shorter processing time needs its step budgets' },
    ]);
    expect(overrideProblems(procedure(), { enabled: true, stepBudgets: twoDayBudgets })).toEqual([
      { path: 'stepBudgets', message: 'step budgets come with the processing time they add up to' },
    ]);
  });

  it('the province time with other step budgets is accepted', () => {
    const reshaped = budgets(0.5, 0.5, 1, 0.5, 0.25, 0.25);
    expect(overrideProblems(procedure(), { enabled: true, processing: procedure().processing, stepBudgets: reshaped })).toEqual([]);
    expect(procedureForCommune(procedure(), { ...H3002, enabled: true, processing: procedure().processing, stepBudgets: reshaped })?.stepBudgets).toEqual(
      reshaped,
    );
  });

  it('any time a commune may set is never longer than the province’s, and its budgets add up to it', () => {
    const times: fc.Arbitrary<Processing> = fc.oneof(
      fc.constant({ kind: 'SAME_DAY' as const }),
      quarterDays(0.25, 30).map((days) => ({ kind: 'WORKING_DAYS' as const, days })),
    );
    const withBudgets = (p: Processing) => (p.kind === 'SAME_DAY' ? fc.constant(budgets()) : budgetsOf(p.days));
    fc.assert(
      fc.property(
        times.chain((p) => fc.tuple(fc.constant(p), withBudgets(p))),
        times.chain((p) => fc.tuple(fc.constant(p), withBudgets(p))),
        ([provinceTime, provinceBudgets], [communeTime, communeBudgets]) => {
          const province = procedure({ processing: provinceTime, stepBudgets: provinceBudgets });
          const override = { enabled: true, processing: communeTime, stepBudgets: communeBudgets };
          const offered = procedureForCommune(province, { ...H3002, ...override })!;
          const days = (p: Processing) => (p.kind === 'SAME_DAY' ? 0 : p.days);
          expect(days(offered.processing)).toBeLessThanOrEqual(days(provinceTime));
          expect(stepBudgetsProblem(offered.processing, offered.stepBudgets)).toBeUndefined();
          expect({ ...offered, processing: undefined, stepBudgets: undefined, committedBy: undefined }).toEqual({
            ...province,
            processing: undefined,
            stepBudgets: undefined,
          });
          const refused = overrideProblems(province, override).length > 0;
          expect(refused).toBe(days(communeTime) > days(provinceTime) || (days(communeTime) === days(provinceTime) && communeTime.kind !== provinceTime.kind));
          expect(offered.processing).toEqual(refused ? provinceTime : communeTime);
        },
      ),
    );
  });
});

describe("a commune's catalogue", () => {
  const config = (overrides: CommuneOverride[]): ProvinceConfig => ({
    code: 'LCI',
    name: 'Lai Châu',
    officeHours: DEFAULT_OFFICE_HOURS,
    communes: [],
    calendars: [],
    procedures: [procedure(), procedure({ code: '2.000001' })],
    overrides,
  });

  it("is the province's with that commune's overrides only", () => {
    const overrides: CommuneOverride[] = [
      { commune: 'H30.02', code: '1.001193', enabled: true, processing: twoDays, stepBudgets: twoDayBudgets },
      { commune: 'H30.02', code: '2.000001', enabled: false },
    ];
    expect(communeCatalogue(config(overrides), 'H30.02')).toEqual([{ ...procedure(), processing: twoDays, stepBudgets: twoDayBudgets, committedBy: 'H30.02' }]);
    expect(communeCatalogue(config(overrides), 'H30.01')).toEqual([procedure(), procedure({ code: '2.000001' })]);
  });
});

describe('what a dossier keeps of a commitment', () => {
  it('gives back the procedure the commune offered, from the catalogue version and the commitment', () => {
    const offered = procedureForCommune(procedure(), { ...H3002, enabled: true, processing: twoDays, stepBudgets: twoDayBudgets })!;
    expect(commitmentOf(offered)).toEqual({ committedBy: 'H30.02', processing: twoDays, stepBudgets: twoDayBudgets });
    expect(committed(procedure(), commitmentOf(offered))).toEqual(offered);
    expect(commitmentOf(procedure())).toBeUndefined();
    expect(committed(procedure(), commitmentOf(procedure()))).toEqual(procedure());
  });
});
