import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem } from 'node:os';

/** The measured figures the README links to: each section is written by the script that measures it. */
export const FIGURES_FILE = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'docs/figures.md');

const HEADER = `# Measured figures

The README links here instead of carrying numbers. \`npm run bench\` rewrites its own section (between
its markers) on every run; the other sections are the output of their command on the day they give.
Timings depend on the machine and its load at the time; units, sizes, item counts and prices do not.
`;

/** The machine and the day a run was made on, as each section states them. */
export function runStamp(now = new Date()): string {
  return `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node.js ${process.version.slice(1)}`;
}

/** Replaces one command's section of the figures file (added at the end the first time). */
export function writeFigures(command: string, markdown: string, file = FIGURES_FILE): void {
  const start = `<!-- ${command} -->`;
  const end = `<!-- /${command} -->`;
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  const next = from >= 0 && to > from ? `${text.slice(0, from)}${section}${text.slice(to + end.length)}` : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
}
