import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

// `npm run lint` runs dependency-cruiser with .dependency-cruiser.cjs. Here the same config runs over a
// small planted tree, so a rule that silently stopped working fails this test.
const root = path.resolve(__dirname, '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
let dir: string;

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

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'neropanel-lint-'));
  write({
    'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['./*'] }, module: 'esnext', moduleResolution: 'bundler' } }),
    'lib/alpha/one.ts': "import { two } from '@/lib/beta/two';\nexport const one = () => two;\n",
    'lib/beta/two.ts': 'export const two = 2;\n',
    'db/client.ts': 'export const client = 1;\n',
  });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a tree whose domains import one way passes', () => {
  const { code, output } = cruise();
  expect(code, output).toBe(0);
});

test('a cycle between two domains fails, also when no two files form one', () => {
  write({ 'lib/beta/three.ts': "import { one } from '@/lib/alpha/one';\nexport const three = () => one;\n" });
  const { code, output } = cruise();
  expect(code).not.toBe(0);
  expect(output).toContain('no-circular-domains');
  expect(output).not.toContain('no-circular-files');
  fs.rmSync(path.join(dir, 'lib/beta/three.ts'));
});

test('a cycle between two files fails', () => {
  write({ 'lib/beta/two.ts': "import { one } from '@/lib/alpha/one';\nexport const two = 2;\nexport const again = () => one;\n" });
  const { code, output } = cruise();
  expect(code).not.toBe(0);
  expect(output).toContain('no-circular-files');
  write({ 'lib/beta/two.ts': 'export const two = 2;\n' });
});

test('db importing lib fails', () => {
  write({ 'db/client.ts': "import { two } from '@/lib/beta/two';\nexport const client = two;\n" });
  const { code, output } = cruise();
  expect(code).not.toBe(0);
  expect(output).toContain('db-stays-below-lib');
  write({ 'db/client.ts': 'export const client = 1;\n' });
});
