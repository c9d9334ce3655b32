import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

// `npm run lint` runs dependency-cruiser with .dependency-cruiser.cjs. Here the same config runs over a
// small planted tree, so a rule that silently stopped working fails this test. One run over one tree
// (each run costs seconds of CPU): every planted case sits in its own folders, the one-way pair beside
// them, and each test asserts on the violations of its own files.
const root = path.resolve(__dirname, '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
let dir: string;

interface Violation {
  rule: string;
  /** The chain as printed: from, then each step (for a cycle, back to the start). */
  chain: string[];
}
let run: { code: number; output: string; violations: Violation[] };

function write(files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}

function cruise(): { code: number; output: string } {
  try {
    const output = execFileSync(process.execPath, [depcruise, 'lib', 'db', '--config', path.join(root, '.dependency-cruiser.cjs')], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/** The `err` reporter's blocks: "  error <rule>: <from> → <to> …", a chain continuing on indented lines. */
function parse(output: string): Violation[] {
  const found: Violation[] = [];
  for (const line of output.split('\n')) {
    const head = /^\s*error ([\w-]+): (.*)$/.exec(line);
    if (head) found.push({ rule: head[1], chain: [] });
    const rest = head ? head[2] : found.length && /^\s{4,}\S/.test(line) ? line : '';
    if (rest) found.at(-1)!.chain.push(...rest.split('→').map((s) => s.trim()).filter(Boolean));
  }
  return found;
}

const involving = (...names: string[]) => run.violations.filter((v) => v.chain.some((step) => names.some((n) => step === n || step.startsWith(`${n}/`))));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-lint-'));
  write({
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] }, module: 'esnext', moduleResolution: 'bundler' } }),
    // One way: gamma → delta.
    'lib/gamma/one.ts': "import { two } from '@/lib/delta/two';\nexport const one = () => two;\n",
    'lib/delta/two.ts': 'export const two = 2;\n',
    // A cycle between two domains that no two files form: alpha/one → beta/two, beta/three → alpha/one.
    'lib/alpha/one.ts': "import { two } from '@/lib/beta/two';\nexport const one = () => two;\n",
    'lib/beta/two.ts': 'export const two = 2;\n',
    'lib/beta/three.ts': "import { one } from '@/lib/alpha/one';\nexport const three = () => one;\n",
    // A cycle between two files: kappa/one ↔ lambda/two.
    'lib/kappa/one.ts': "import { two } from '@/lib/lambda/two';\nexport const one = () => two;\n",
    'lib/lambda/two.ts': "import { one } from '@/lib/kappa/one';\nexport const two = 2;\nexport const again = () => one;\n",
    // db importing lib.
    'db/client.ts': "import { two } from '@/lib/delta/two';\nexport const client = two;\n",
  });
  const { code, output } = cruise();
  run = { code, output, violations: parse(output) };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the planted tree fails lint with exactly its planted violations', () => {
  expect(run.code, run.output).not.toBe(0);
  // dependency-cruiser exits with the number of errors; each is one printed block.
  expect(run.violations.length, run.output).toBe(run.code);
  expect(run.output).toContain(`${run.code} dependency violations (${run.code} errors`);
  const domains = (a: string, b: string) => [[a, b], [b, a]].map(([x, y]) => ({ rule: 'no-circular-domains', chain: [x, y, x] }));
  const planted = [...domains('lib/alpha', 'lib/beta'), ...domains('lib/kappa', 'lib/lambda'), { rule: 'db-stays-below-lib', chain: ['db/client.ts', 'lib/delta/two.ts'] }];
  expect(run.violations).toEqual(expect.arrayContaining(planted));
  // Anything else is the file cycle kappa/one ↔ lambda/two (once or once per file).
  const fileCycle = ['lib/kappa/one.ts', 'lib/lambda/two.ts'];
  const rest = run.violations.filter((v) => !planted.some((p) => JSON.stringify(p) === JSON.stringify(v)));
  expect(rest.length, run.output).toBeGreaterThan(0);
  for (const v of rest) {
    expect(v.rule, run.output).toBe('no-circular-files');
    expect(new Set(v.chain), run.output).toEqual(new Set(fileCycle));
  }
});

test('a tree whose domains import one way passes', () => {
  expect(involving('lib/gamma'), run.output).toEqual([]);
  expect(involving('lib/delta').map((v) => v.rule), run.output).toEqual(['db-stays-below-lib']);
});

test('a cycle between two domains fails, also when no two files form one', () => {
  const rules = involving('lib/alpha', 'lib/beta').map((v) => v.rule);
  expect(rules, run.output).toContain('no-circular-domains');
  expect(rules, run.output).not.toContain('no-circular-files');
  expect(run.output).toContain('no-circular-domains');
});

test('a cycle between two files fails', () => {
  const cycles = involving('lib/kappa', 'lib/lambda').filter((v) => v.rule === 'no-circular-files');
  expect(cycles.length, run.output).toBeGreaterThan(0);
  expect(run.output).toContain('no-circular-files');
});

test('db importing lib fails', () => {
  expect(run.violations.filter((v) => v.chain[0] === 'db/client.ts').map((v) => v.rule), run.output).toEqual(['db-stays-below-lib']);
  expect(run.output).toContain('db-stays-below-lib');
});
