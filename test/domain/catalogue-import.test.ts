import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stepBudgetsProblem } from '../../shared/domain/catalogue.js';
import {
  catalogueRow,
  defaultStepBudgets,
  IMPORT_COLUMNS,
  parseDepartment,
  parseFee,
  parseProcessing,
  planRow,
  readCatalogueSheet,
} from '../../shared/domain/catalogue-import.js';
import { csvDocument, parseCsv } from '../../shared/domain/csv.js';
import { DEPARTMENTS } from '../../shared/domain/model.js';
import { legacyFeeLines } from '../../shared/domain/payment.js';
import { procedure } from './fixtures.js';

const HEADER = Object.values(IMPORT_COLUMNS);

describe('the values of an annex', () => {
  it.each([
    ['03 ngày làm việc', { kind: 'WORKING_DAYS', days: 3 }],
    ['0,5 ngày làm việc', { kind: 'WORKING_DAYS', days: 0.5 }],
    ['05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ', { kind: 'WORKING_DAYS', days: 5 }],
    ['Trong ngày', { kind: 'SAME_DAY' }],
    [2.25, { kind: 'WORKING_DAYS', days: 2.25 }],
  ])('reads the time %j', (cell, processing) => expect(parseProcessing(cell)).toEqual(processing));

  it.each([
    ['-3 ngày làm việc', /negative/],
    ['0,3 ngày làm việc', /quarter/],
    ['0 ngày', /Trong ngày/],
    ['ba ngày', /not a processing time/],
    ['400 ngày', /365/],
  ])('refuses the time %j', (cell, why) => expect(parseProcessing(cell)).toMatch(why));

  it.each([
    ['50.000 đồng', 50000],
    ['1.500.000 đồng', 1500000],
    ['50000', 50000],
    ['2.000đ', 2000],
    ['0', 0],
    ['Không', 0],
    [100000, 100000],
  ])('reads the fee %j', (cell, fee) => expect(parseFee(cell)).toBe(fee));

  it.each(['năm mươi nghìn', '', '-5.000 đồng', '50,5 đồng'])('refuses the fee %j', (cell) => expect(typeof parseFee(cell)).toBe('string'));

  it('knows a department by its term or its full name, whatever the dash or case', () => {
    expect(['Phòng Kinh tế', 'Kinh tế', 'phòng  kinh tế', 'Văn hóa - Xã hội', 'Văn phòng HĐND và UBND'].map(parseDepartment)).toEqual([
      'ECONOMICS',
      'ECONOMICS',
      'ECONOMICS',
      'CULTURE_SOCIETY',
      'OFFICE',
    ]);
    expect(parseDepartment('Phòng Tài nguyên')).toMatch(/no department/);
  });
});

describe('a sheet', () => {
  it('finds its header under a title, leaves empty rows out and numbers rows as the sheet does', () => {
    const read = readCatalogueSheet([['Phụ lục'], [], HEADER, ['1.000001', 'Thủ tục', '', 'Kinh tế', 'Trong ngày', 'Không', 'Tờ khai', ''], [], ['1.000002']]);
    expect('rows' in read && read.rows.map((r) => [r.row, 'procedure' in r])).toEqual([
      [4, true],
      [6, false],
    ]);
  });

  it('needs every column', () => {
    expect(readCatalogueSheet([HEADER.slice(0, 5)])).toEqual({ problem: expect.stringMatching(/Phí \/ lệ phí/) });
  });

  it('refuses every row of a code given twice, naming the other rows', () => {
    const row = ['1.000001', 'Thủ tục', '', 'Kinh tế', 'Trong ngày', 'Không', 'Tờ khai', ''];
    const read = readCatalogueSheet([HEADER, row, row]);
    expect('rows' in read && read.rows.map((r) => ('problems' in r ? r.problems.map((p) => p.message) : []))).toEqual([
      ['the code 1.000001 is also on row 3'],
      ['the code 1.000001 is also on row 2'],
    ]);
  });
});

describe('an import plan', () => {
  it('splits a time the annex gives alone into step budgets that add up to it, as the catalogue splits three days', () => {
    expect(defaultStepBudgets({ kind: 'WORKING_DAYS', days: 3 })).toEqual({
      RECEPTION: 0.25,
      ASSIGNMENT: 0.25,
      APPRAISAL: 1.5,
      REVIEW: 0.5,
      APPROVAL: 0.25,
      ISSUANCE: 0.25,
    });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 * 4 }), (quarters) => {
        const processing = { kind: 'WORKING_DAYS', days: quarters / 4 } as const;
        const budgets = defaultStepBudgets(processing);
        return stepBudgetsProblem(processing, budgets) === undefined && Object.values(budgets).every((d) => d >= 0 && Number.isInteger(d * 4));
      }),
    );
  });

  it('reads a procedure written as a row, through CSV, back as unchanged', () => {
    fc.assert(
      fc.property(
        fc.record({
          department: fc.constantFrom(...DEPARTMENTS),
          days: fc.oneof(
            fc.constant(0),
            fc.integer({ min: 1, max: 365 * 4 }).map((q) => q / 4),
          ),
          fee: fc.integer({ min: 0, max: 10_000_000 }),
          documents: fc.array(fc.constantFrom('Tờ khai', 'Bản sao CCCD', '=Đơn, "mẫu" 01'), { maxLength: 3 }),
        }),
        ({ department, days, fee, documents }) => {
          const current = {
            ...procedure(),
            department,
            processing: days === 0 ? ({ kind: 'SAME_DAY' } as const) : ({ kind: 'WORKING_DAYS', days } as const),
            fees: legacyFeeLines(fee),
            requiredDocuments: documents.map((d, i) => `${d} ${i}`),
            field: 'Hộ tịch',
          };
          const read = readCatalogueSheet(parseCsv(csvDocument(HEADER, [catalogueRow(current)])));
          expect('rows' in read && planRow(read.rows[0]!, current).report.outcome).toBe('UNCHANGED');
        },
      ),
    );
  });

  it("keeps the catalogue's fee lines while they add up to the annex's amount", () => {
    const lines = [
      { code: 'PHI', name: 'Phí', kind: 'PHI' as const, amount: 30000, collectAt: 'RECEPTION' as const },
      { code: 'LE_PHI', name: 'Lệ phí', kind: 'LE_PHI' as const, amount: 20000, collectAt: 'RESULT' as const },
    ];
    const current = { ...procedure(), fees: lines };
    const read = readCatalogueSheet([HEADER, catalogueRow(current)]);
    expect('rows' in read && 'procedure' in read.rows[0]! && read.rows[0].procedure).toMatchObject({ fee: 50000 });
    expect('rows' in read && planRow(read.rows[0]!, current).report.outcome).toBe('UNCHANGED');
  });

  it('keeps the step budgets while the time is unchanged, and the supplement rule always', () => {
    const current = { ...procedure(), supplementRule: 'RESET' as const };
    const read = readCatalogueSheet([HEADER, [...catalogueRow(current).slice(0, 5), '999.000 đồng', ...catalogueRow(current).slice(6)]]);
    const plan = 'rows' in read ? planRow(read.rows[0]!, current) : undefined;
    expect(plan?.report).toMatchObject({ outcome: 'CHANGED', changes: ['fee'], version: current.version + 1 });
    expect(plan?.publish).toMatchObject({ fees: legacyFeeLines(999000), stepBudgets: current.stepBudgets, supplementRule: 'RESET' });
    expect(plan?.publish).not.toHaveProperty('version');
  });
});
