import { DEPARTMENT_NAMES, DEPARTMENT_TERMS } from './glossary.js';
import { DEPARTMENTS, STEPS, type Department, type Processing, type Procedure, type Step } from './model.js';
import { feeTotal, legacyFeeLines } from './payment.js';

/*
 * A province's catalogue as the annex of its decision keeps it: one procedure a row, the values as
 * the annexes write them ("03 ngày làm việc", "50.000 đồng", "Phòng Kinh tế"). Reading a sheet
 * into procedures, comparing them with the catalogue, and writing a procedure back as a row.
 */

/** The columns of the annex, by what each holds; the header row names them so (any order, other columns ignored). */
export const IMPORT_COLUMNS = {
  code: 'Mã TTHC',
  name: 'Tên TTHC',
  field: 'Lĩnh vực',
  department: 'Cơ quan thực hiện / phòng',
  processing: 'Thời hạn giải quyết',
  fee: 'Phí / lệ phí',
  requiredDocuments: 'Thành phần hồ sơ',
  legalBasis: 'Căn cứ pháp lý',
} as const;
type Column = keyof typeof IMPORT_COLUMNS;

/** Rows of one import at most: a province's annex has hundreds. */
export const MAX_IMPORT_ROWS = 5000;

/** A cell as a sheet reader gives it: text, a number, a formula (its text), or nothing. */
export type SheetCell = string | number | { formula: string } | null;

/** What the annex says of a procedure: the catalogue's fields it holds, and its fees as one amount in đồng. */
export type ImportedProcedure = Pick<Procedure, 'code' | 'name' | 'department' | 'processing' | 'requiredDocuments' | 'field' | 'legalBasis'> & { fee: number };

export interface RowProblem {
  /** The column's header, or none for the row as a whole. */
  column?: string;
  message: string;
}

/** One data row: its number in the sheet (the header's is before it), and the procedure it holds or why it holds none. */
export type ReadRow = { row: number; code?: string } & ({ procedure: ImportedProcedure } | { problems: RowProblem[] });

export type ImportOutcome = 'CREATED' | 'CHANGED' | 'UNCHANGED' | 'REFUSED';

/** A row of the report: what the import makes (or would make) of it. */
export interface ReportRow {
  row: number;
  code?: string;
  outcome: ImportOutcome;
  /** The catalogue version it is (or would be) published as; unchanged: the current one. */
  version?: number;
  /** The fields a changed row changes. */
  changes?: (keyof ImportedProcedure)[];
  problems?: RowProblem[];
}

const MAX = { code: 32, name: 500, field: 200, document: 300, documents: 100, legalBasis: 2000, days: 365 };

/** Text as compared: composed Unicode, one space, lower case, any dash a hyphen. */
const normal = (s: string) =>
  s
    .normalize('NFC')
    .replace(/[\u2012-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

const DEPARTMENT_BY_NAME = new Map<string, Department>(
  DEPARTMENTS.flatMap((d) => [[normal(DEPARTMENT_TERMS[d]), d] as const, [normal(DEPARTMENT_NAMES[d]), d] as const]),
);

const textOf = (cell: SheetCell): string => (cell === null ? '' : typeof cell === 'object' ? '' : String(cell).trim());

/** "03 ngày làm việc", "0,5 ngày làm việc", "Trong ngày" (or the number of days alone) as a processing time. */
export function parseProcessing(cell: SheetCell): Processing | string {
  if (typeof cell === 'number') return daysProcessing(cell);
  const text = normal(textOf(cell));
  if (!text) return 'no processing time';
  if (text.startsWith('trong ngày')) return { kind: 'SAME_DAY' };
  const match = /^(-?\d+(?:[.,]\d+)?)(?: ngày(?: làm việc)?)?(?:$| )/.exec(text);
  if (!match) return `"${textOf(cell)}" is not a processing time such as "03 ngày làm việc" or "Trong ngày"`;
  return daysProcessing(Number(match[1]!.replace(',', '.')));
}

function daysProcessing(days: number): Processing | string {
  if (days < 0) return 'a processing time cannot be negative';
  if (days === 0) return 'zero days: write "Trong ngày" for the same day';
  if (days > MAX.days) return `more than ${MAX.days} working days`;
  if (!Number.isInteger(days * 4)) return `${days} days: processing times are in quarter days (0,25)`;
  return { kind: 'WORKING_DAYS', days };
}

/** "50.000 đồng", "50000", "0" or "Không" as a fee in đồng. */
export function parseFee(cell: SheetCell): number | string {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? cell : `${cell} is not a fee in whole đồng`;
  const text = normal(textOf(cell));
  if (!text) return 'no fee: write 0 or "Không" when there is none';
  if (['không', 'miễn phí', 'không thu'].includes(text)) return 0;
  const match = /^(\d{1,3}(?:\.\d{3})+|\d+)(?: ?(?:đồng|đ|vnđ|vnd))?$/.exec(text);
  if (!match) return `"${textOf(cell)}" is not a fee such as "50.000 đồng", "0" or "Không"`;
  return Number(match[1]!.replaceAll('.', ''));
}

/** A department by its term ("Kinh tế") or full name ("Phòng Kinh tế"). */
export function parseDepartment(cell: SheetCell): Department | string {
  const text = textOf(cell);
  return (
    DEPARTMENT_BY_NAME.get(normal(text)) ??
    (text ? `no department "${text}": one of ${DEPARTMENTS.map((d) => DEPARTMENT_NAMES[d]).join(', ')}` : 'no department')
  );
}

/** The documents of a cell, one a line (or separated by semicolons), list marks left out. */
const documentsOf = (cell: SheetCell) =>
  textOf(cell)
    .split(/\r?\n|;/)
    .map((d) => d.replace(/^\s*(?:[-+•*]|\d+[.)])\s*/, '').trim())
    .filter(Boolean);

/** One data row as a procedure, or every problem it has. */
function readRow(row: number, cells: Record<Column, SheetCell>): ReadRow {
  const formulas = (Object.keys(IMPORT_COLUMNS) as Column[]).filter((c) => cells[c] !== null && typeof cells[c] === 'object');
  const problems: RowProblem[] = formulas.map((c) => ({
    column: IMPORT_COLUMNS[c],
    message: `a formula (=${(cells[c] as { formula: string }).formula}): enter the value itself`,
  }));
  // A formula's column is refused for being one, not once more for the value it does not hold.
  const refuse = (column: Column, message: string) => formulas.includes(column) || problems.push({ column: IMPORT_COLUMNS[column], message });
  const code = textOf(cells.code);
  if (!code) refuse('code', 'no procedure code');
  else if (code.length > MAX.code || !/^[0-9A-Za-z.]+$/.test(code)) refuse('code', `"${code}" is not a procedure code such as 1.004873`);
  const name = textOf(cells.name);
  if (!name) refuse('name', 'no name');
  else if (name.length > MAX.name) refuse('name', `${name.length} characters; at most ${MAX.name}`);
  const field = textOf(cells.field);
  if (field.length > MAX.field) refuse('field', `${field.length} characters; at most ${MAX.field}`);
  const legalBasis = textOf(cells.legalBasis);
  if (legalBasis.length > MAX.legalBasis) refuse('legalBasis', `${legalBasis.length} characters; at most ${MAX.legalBasis}`);
  const requiredDocuments = documentsOf(cells.requiredDocuments);
  if (requiredDocuments.length > MAX.documents) refuse('requiredDocuments', `${requiredDocuments.length} documents; at most ${MAX.documents}`);
  const long = requiredDocuments.find((d) => d.length > MAX.document);
  if (long) refuse('requiredDocuments', `a document of ${long.length} characters; at most ${MAX.document}`);
  const department = parseDepartment(cells.department);
  if (!(DEPARTMENTS as readonly string[]).includes(department)) refuse('department', department);
  const processing = parseProcessing(cells.processing);
  if (typeof processing === 'string') refuse('processing', processing);
  const fee = parseFee(cells.fee);
  if (typeof fee === 'string') refuse('fee', fee);
  const base = { row, ...(code ? { code } : {}) };
  if (problems.length) return { ...base, problems };
  return {
    ...base,
    procedure: {
      code,
      name,
      department: department as Department,
      processing: processing as Processing,
      fee: fee as number,
      requiredDocuments,
      ...(field ? { field } : {}),
      ...(legalBasis ? { legalBasis } : {}),
    },
  };
}

/**
 * The data rows of a sheet: the header is the first row that names the procedure code column
 * (an annex often has its title above it); every column must be there. Empty rows are left out,
 * and a code twice refuses every row that has it: which one is meant is the province's call.
 */
export function readCatalogueSheet(sheet: SheetCell[][]): { rows: ReadRow[] } | { problem: string } {
  const headerAt = sheet.findIndex((cells) => cells.some((c) => normal(textOf(c)) === normal(IMPORT_COLUMNS.code)));
  if (headerAt < 0) return { problem: `no header row naming the column "${IMPORT_COLUMNS.code}"` };
  const header = sheet[headerAt]!.map((c) => normal(textOf(c)));
  const positions = Object.fromEntries(Object.entries(IMPORT_COLUMNS).map(([k, title]) => [k, header.indexOf(normal(title))])) as Record<Column, number>;
  const missing = (Object.keys(IMPORT_COLUMNS) as Column[]).filter((k) => positions[k] < 0).map((k) => IMPORT_COLUMNS[k]);
  if (missing.length) return { problem: `the header row has no column ${missing.map((m) => `"${m}"`).join(', ')}` };
  const data = sheet.slice(headerAt + 1).map((cells, i) => ({ row: headerAt + 2 + i, cells }));
  const filled = data.filter(({ cells }) => cells.some((c) => (c !== null && typeof c === 'object') || textOf(c) !== ''));
  if (filled.length > MAX_IMPORT_ROWS) return { problem: `${filled.length} rows; at most ${MAX_IMPORT_ROWS} in one import` };
  const rows = filled.map(({ row, cells }): ReadRow => {
    if (cells.length > header.length && cells.slice(header.length).some((c) => textOf(c) !== ''))
      return { row, problems: [{ message: `${cells.length} cells; the header has ${header.length} columns` }] };
    return readRow(row, Object.fromEntries(Object.entries(positions).map(([k, at]) => [k, cells[at] ?? null])) as Record<Column, SheetCell>);
  });
  const rowsOf = new Map<string, number[]>();
  for (const r of rows) if (r.code) rowsOf.set(r.code, [...(rowsOf.get(r.code) ?? []), r.row]);
  return {
    rows: rows.map((r) => {
      const others = (r.code ? rowsOf.get(r.code)! : []).filter((n) => n !== r.row);
      if (!others.length) return r;
      const duplicate = { column: IMPORT_COLUMNS.code, message: `the code ${r.code} is also on row ${others.join(', ')}` };
      return { row: r.row, code: r.code!, problems: [...('problems' in r ? r.problems : []), duplicate] };
    }),
  };
}

/** Shares of the processing time per step, as the province's own catalogue splits three days (0.25, 0.25, 1.5, 0.5, 0.25, 0.25). */
const STEP_SHARES: Record<Step, number> = { RECEPTION: 1 / 12, ASSIGNMENT: 1 / 12, APPRAISAL: 1 / 2, REVIEW: 1 / 6, APPROVAL: 1 / 12, ISSUANCE: 1 / 12 };

/** Step budgets for a processing time the annex gives without them: each step its share in quarter days, appraisal the rest. */
export function defaultStepBudgets(processing: Processing): Record<Step, number> {
  const budgets = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  if (processing.kind === 'SAME_DAY') return budgets;
  for (const s of STEPS) budgets[s] = Math.floor(processing.days * STEP_SHARES[s] * 4) / 4;
  budgets.APPRAISAL += processing.days - STEPS.reduce((sum, s) => sum + budgets[s], 0);
  return budgets;
}

const COMPARED: (keyof ImportedProcedure)[] = ['name', 'department', 'processing', 'fee', 'requiredDocuments', 'field', 'legalBasis'];

/** A catalogue procedure as the annex states it: its fee lines as their total. */
const asImported = (p: Procedure): ImportedProcedure => ({ ...p, fee: feeTotal(p.fees) });
/** Values compared as stored values come back: objects whatever the order of their keys. */
const canonical = (value: unknown) =>
  JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** A row against the current catalogue: what it changes, and the procedure to publish when it does. */
export function planRow(read: ReadRow, current: Procedure | undefined): { report: ReportRow; publish?: Omit<Procedure, 'version'> } {
  if (!('procedure' in read)) return { report: { row: read.row, ...(read.code ? { code: read.code } : {}), outcome: 'REFUSED', problems: read.problems } };
  const imported = read.procedure;
  const stated = current && asImported(current);
  const changes = stated ? COMPARED.filter((f) => !same(imported[f], stated[f])) : [];
  if (current && !changes.length) return { report: { row: read.row, code: imported.code, outcome: 'UNCHANGED', version: current.version } };
  // What the annex does not hold (the supplement rule, a commitment to budgets) stays the catalogue's.
  const { field: _field, legalBasis: _basis, version: _version, fees: _fees, ...kept }: Partial<Procedure> = current ?? { supplementRule: 'PAUSE' };
  const { fee, ...fields } = imported;
  // The annex gives one amount: the catalogue's own fee lines stay while they add up to it, else it is one lệ phí at reception.
  const fees = current && feeTotal(current.fees) === fee ? current.fees : legacyFeeLines(fee);
  const publish = {
    ...kept,
    ...fields,
    ...(fees?.length ? { fees } : {}),
    stepBudgets: current && same(current.processing, imported.processing) ? current.stepBudgets : defaultStepBudgets(imported.processing),
  } as Omit<Procedure, 'version'>;
  const version = (current?.version ?? 0) + 1;
  return { report: { row: read.row, code: imported.code, outcome: current ? 'CHANGED' : 'CREATED', version, ...(current ? { changes } : {}) }, publish };
}

const days = (n: number) => `${n < 10 ? '0' : ''}${String(n).replace('.', ',')} ngày làm việc`;

/** A procedure as a row of the annex, in the order of IMPORT_COLUMNS: what reading the row gives back. */
export function catalogueRow(p: Procedure): string[] {
  return [
    p.code,
    p.name,
    p.field ?? '',
    DEPARTMENT_NAMES[p.department],
    p.processing.kind === 'SAME_DAY' ? 'Trong ngày' : days(p.processing.days),
    feeTotal(p.fees) === 0 ? 'Không' : `${String(feeTotal(p.fees)).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} đồng`,
    p.requiredDocuments.join('\n'),
    p.legalBasis ?? '',
  ];
}
