import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One suite's part of docs/benchmarks.md, written between its own markers. */
export interface Section {
  /** Marker id: the section lives between `<!-- bench:<id>:start -->` and `<!-- bench:<id>:end -->`. */
  id: string;
  /** Markdown body, starting with the section's own heading. */
  markdown: string;
}

export const reportFile = path.resolve(process.cwd(), 'docs', 'benchmarks.md');

const preamble = `# Benchmarks

Produced by \`npm run bench\` (all suites) or \`npm run bench -- <suite>\`. Each suite rewrites only its
own section (between its markers), so sections may come from different runs and machines: every
section names the machine and the command it was measured with.
`;

const start = (id: string) => `<!-- bench:${id}:start -->`;
const end = (id: string) => `<!-- bench:${id}:end -->`;

/** Replaces (or appends) a section of the report, keeping every other section as it is. */
export function writeSection(section: Section, file = reportFile): void {
  const block = `${start(section.id)}\n${section.markdown.trim()}\n${end(section.id)}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : preamble;
  const from = current.indexOf(start(section.id));
  const to = current.indexOf(end(section.id));
  let next: string;
  if (from >= 0 && to > from) next = current.slice(0, from) + block + current.slice(to + end(section.id).length);
  else next = `${current.trimEnd()}\n\n${block}\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

/** The machine a suite ran on, as markdown list lines; `extra` adds suite-specific lines. */
export function machineLines(extra: Record<string, string> = {}): string {
  const cpus = os.cpus();
  const lines: Record<string, string> = {
    CPU: `${cpus[0]?.model.trim() ?? 'unknown'} (${cpus.length} cores)`,
    Memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    OS: `${os.type()} ${os.release()} (${os.arch()})`,
    Node: process.version,
    ...extra,
  };
  return Object.entries(lines)
    .map(([k, v]) => `- ${k}: ${v}`)
    .join('\n');
}

/** The command as the user typed it (npm run bench [-- suites...]). */
export function benchCommand(args: string[]): string {
  return args.length ? `npm run bench -- ${args.join(' ')}` : 'npm run bench';
}

/** A markdown table from a header row and data rows. */
export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(header), line(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
