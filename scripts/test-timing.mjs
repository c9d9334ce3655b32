// `node scripts/test-timing.mjs [vitest args...]`: runs `vitest run` (the `npm test` suite unless the
// arguments say otherwise) with the JSON reporter and prints the wall time, the machine's load before
// and after, and the slowest files and tests, so two runs (before/after a change, same hour) compare.
//   node scripts/test-timing.mjs                        # npm test's suite
//   node scripts/test-timing.mjs --config vitest.slow.config.mts
//   TIMING_JSON=/tmp/a.json node scripts/test-timing.mjs   # keep the raw report
// With `--from report.json` it only summarises an existing report (no run).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './build-state.mjs';

const args = process.argv.slice(2);
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

function summarise(file, wallMs, loadBefore, loadAfter) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const files = report.testResults.map((r) => ({
    name: path.relative(projectRoot, r.name),
    ms: r.endTime - r.startTime,
    status: r.status,
    tests: r.assertionResults,
  }));
  const tests = files.flatMap((f) => f.tests.map((t) => ({ name: `${f.name} > ${t.fullName}`, ms: t.duration ?? 0 })));
  const sumMs = files.reduce((s, f) => s + f.ms, 0);
  const out = [];
  if (wallMs !== undefined) out.push(`wall time: ${(wallMs / 1000).toFixed(1)} s   load before: ${loadBefore}   after: ${loadAfter}   cores: ${os.availableParallelism()}`);
  out.push(
    `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped, ${report.numTodoTests ?? 0} todo; files: ${files.length}; sum of file times: ${(sumMs / 1000).toFixed(1)} s`,
  );
  out.push('', 'slowest files (s):');
  for (const f of [...files].sort((a, b) => b.ms - a.ms).slice(0, 15)) out.push(`  ${(f.ms / 1000).toFixed(1).padStart(6)}  ${f.name}${f.status === 'passed' ? '' : `  (${f.status})`}`);
  out.push('', 'slowest tests (s):');
  for (const t of [...tests].sort((a, b) => b.ms - a.ms).slice(0, 15)) out.push(`  ${(t.ms / 1000).toFixed(1).padStart(6)}  ${t.name}`);
  const failed = tests.length ? files.flatMap((f) => f.tests.filter((t) => t.status === 'failed').map((t) => `${f.name} > ${t.fullName}`)) : [];
  if (failed.length) out.push('', 'failed:', ...failed.map((n) => `  ${n}`));
  console.log(out.join('\n'));
  return report.success ? 0 : 1;
}

const from = args.indexOf('--from');
if (from >= 0) {
  process.exit(summarise(args[from + 1]));
}

const jsonFile = process.env.TIMING_JSON || path.join(os.tmpdir(), `neropanel-test-timing-${process.pid}.json`);
const vitest = path.join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs');
const loadBefore = load();
const started = performance.now();
const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, [vitest, 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${jsonFile}`, ...args], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
  child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});
const wallMs = performance.now() - started;
const loadAfter = load();
console.log('');
if (fs.existsSync(jsonFile)) summarise(jsonFile, wallMs, loadBefore, loadAfter);
else console.log(`no report (vitest exit code ${code})`);
if (!process.env.TIMING_JSON) fs.rmSync(jsonFile, { force: true });
process.exit(code);
