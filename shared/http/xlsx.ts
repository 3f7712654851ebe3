import ExcelJS from 'exceljs';
import type { SheetCell } from '../domain/catalogue-import.js';

/*
 * The workbook reader of the catalogue import: exceljs with its zip and XML parsers, deployed as a
 * bundle of its own beside the import function's (its sideBundle), loaded only for an .xlsx body.
 */

/** A cell's value as the import reads it: a formula as such, rich text and links as their text, dates as ISO dates. */
function cellOf(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('formula' in value || 'sharedFormula' in value) return { formula: String('formula' in value ? value.formula : value.sharedFormula) };
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return null;
}

/** The first sheet of a workbook as rows of cells, row 1 first (empty rows kept, so row numbers are the sheet's). */
export async function readWorkbook(bytes: Buffer): Promise<SheetCell[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: SheetCell[][] = Array.from({ length: sheet.rowCount }, () => []);
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellOf(cell.value);
    });
    rows[number - 1] = Array.from(cells, (c) => c ?? null);
  });
  return rows;
}
