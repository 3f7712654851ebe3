/** A value of one CSV cell: text, a number, or nothing. */
export type CsvValue = string | number | null | undefined;

/*
 * Text that begins with one of these is read as a formula by Excel and LibreOffice (OWASP "CSV
 * injection"): a commune or applicant name such as `=HYPERLINK(…)` would run in the provincial
 * office that opens the report.
 */
/** What the writer marks with an apostrophe: text that could start a formula, and a text that already begins with the mark (so it reads back whole). */
const MARKED = /^[=+\-@\t\r']/;

/**
 * One cell: text that could start a formula is prefixed with an apostrophe, which spreadsheets
 * show as text and do not display; numbers stay numbers (a negative figure is not text).
 */
function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : MARKED.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV document as Excel opens it in Vietnam: UTF-8 with a byte-order mark (else Vietnamese
 * shows garbled), CRLF line ends, the header first.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

/**
 * The rows of a CSV document (RFC 4180: quoted cells may hold commas, doubled quotes and line
 * ends; a byte-order mark is left out). A text the writer above marked with an apostrophe reads
 * back without it; a cell that begins with `=` is a formula, which a spreadsheet would compute.
 */
export function parseCsv(text: string): (string | { formula: string })[][] {
  const rows: (string | { formula: string })[][] = [];
  let row: (string | { formula: string })[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell.startsWith('=') ? { formula: cell.slice(1) } : /^'[=+\-@\t\r']/.test(cell) ? cell.slice(1) : cell);
    cell = '';
  };
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') endCell();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endCell();
      rows.push(row);
      row = [];
    } else cell += ch;
  }
  if (quoted) throw new Error('a quoted cell is not closed');
  if (cell !== '' || row.length) {
    endCell();
    rows.push(row);
  }
  return rows;
}
