/** A value of one CSV cell: text, a number, or nothing. */
export type CsvValue = string | number | null | undefined;

/*
 * Text that begins with one of these is read as a formula by Excel and LibreOffice (OWASP "CSV
 * injection"): a commune or applicant name such as `=HYPERLINK(…)` would run in the provincial
 * office that opens the report.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: text that could start a formula is prefixed with an apostrophe, which spreadsheets
 * show as text and do not display; numbers stay numbers (a negative figure is not text).
 */
function cell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV document as Excel opens it in Vietnam: UTF-8 with a byte-order mark (else Vietnamese
 * shows garbled), CRLF line ends, the header first.
 */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
