import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

type Instruction = { op: string; args: string; line: number };
type Stage = { from: string; name?: string; instructions: Instruction[] };

/** Dockerfile → instructions (comments dropped, `\` continuations joined), grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let buf = '';
  let start = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!buf && (line === '' || line.startsWith('#'))) return;
    if (buf && line.startsWith('#')) return; // comment inside a continuation
    if (!buf) start = i + 1;
    if (line.endsWith('\\')) {
      buf += line.slice(0, -1) + ' ';
      return;
    }
    buf += line;
    const m = /^(\S+)\s*(.*)$/s.exec(buf.trim())!;
    instructions.push({ op: m[1].toUpperCase(), args: m[2].trim(), line: start });
    buf = '';
  });
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.op === 'FROM') {
      const [image, as, name] = ins.args.replace(/--platform=\S+\s+/, '').split(/\s+/);
      stages.push({ from: image, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length) {
      stages[stages.length - 1].instructions.push(ins);
    } else if (ins.op !== 'ARG') {
      throw new Error(`line ${ins.line}: ${ins.op} before the first FROM`);
    }
  }
  return stages;
}

/** Exec form (`["a","b"]`) or shell form, as an argv-ish list of words. */
function words(args: string): string[] {
  const s = args.trim();
  if (s.startsWith('[')) return JSON.parse(s) as string[];
  return s.split(/\s+/);
}

/** ENV key=value pairs (both `ENV a=b c=d` and legacy `ENV a b`). */
function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const ins of stage.instructions.filter((i) => i.op === 'ENV')) {
    if (!ins.args.includes('=')) {
      const [k, ...rest] = ins.args.split(/\s+/);
      env[k] = rest.join(' ');
      continue;
    }
    for (const m of ins.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** COPY sources and destination, flags apart. */
function copyOf(ins: Instruction): { from?: string; sources: string[]; dest: string } {
  const parts = words(ins.args);
  const flags = parts.filter((p) => p.startsWith('--'));
  const rest = parts.filter((p) => !p.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  return { from, sources: rest.slice(0, -1), dest: rest[rest.length - 1] };
}

const norm = (p: string) => path.posix.normalize(p.replace(/^\/app\//, '')).replace(/^\.\//, '').replace(/\/$/, '');

const stages = parseDockerfile(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
const all = stages.flatMap((s) => s.instructions);
const runner = stages[stages.length - 1];
const runs = all.filter((i) => i.op === 'RUN').map((i) => i.args);

describe('Dockerfile', () => {
  it('is a multi-stage build on node:22-bookworm-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.from).toBe('node:22-bookworm-slim');
    // The final image takes its files from an earlier stage rather than building itself.
    const names = stages.slice(0, -1).map((s) => s.name);
    const fromStages = runner.instructions.filter((i) => i.op === 'COPY').map((i) => copyOf(i).from);
    expect(fromStages.some((f) => f && names.includes(f))).toBe(true);
    expect(runner.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n')).not.toMatch(/npm (run )?build/);
  });

  it('installs with npm install, never npm ci', () => {
    expect(runs.some((r) => /\bnpm\s+(install|i)\b/.test(r))).toBe(true);
    expect(runs.filter((r) => /\bnpm\s+(ci|clean-install)\b/.test(r))).toEqual([]);
  });

  it('builds with npm run build and telemetry off', () => {
    const builder = stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /\bnpm\s+run\s+build\b/.test(i.args)));
    expect(builder, 'a stage running npm run build').toBeTruthy();
    expect(envOf(builder!).NEXT_TELEMETRY_DISABLED).toBe('1');
  });

  it('copies the built server, .next, production node_modules, public and the schema into the final image', () => {
    const copies = runner.instructions.filter((i) => i.op === 'COPY' || i.op === 'ADD').map(copyOf);
    const find = (src: string) => copies.find((c) => c.sources.map(norm).includes(src));
    expect(norm(find('dist')?.dest ?? ''), 'dist').toBe('dist');
    expect(norm(find('.next')?.dest ?? ''), '.next').toBe('.next');
    expect(norm(find('public')?.dest ?? '')).toBe('public');
    expect(norm(find('init.sql')?.dest ?? '')).toMatch(/^(init\.sql|\.)$/);
    expect(norm(find('db/migrations')?.dest ?? '')).toBe('db/migrations');
    for (const f of ['next.config.js', 'package.json']) expect(find(f), f).toBeTruthy();
    // node_modules comes from a stage that installed production packages only.
    const modules = find('node_modules');
    expect(norm(modules?.dest ?? ''), 'node_modules').toBe('node_modules');
    const source = stages.find((s) => s.name === modules!.from);
    expect(source, `stage ${modules!.from}`).toBeTruthy();
    expect(source!.instructions.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n')).toMatch(/npm install[^\n]*--omit=dev/);
    // Nothing from the old standalone layout.
    expect(copies.some((c) => c.sources.some((src) => src.includes('standalone')))).toBe(false);
  });

  it('runs as a non-root user', () => {
    const users = runner.instructions.filter((i) => i.op === 'USER');
    expect(users.length).toBeGreaterThan(0);
    const last = users[users.length - 1].args.split(':')[0];
    expect(['root', '0']).not.toContain(last);
    // Nothing after the USER switch goes back to root.
    const idx = runner.instructions.lastIndexOf(users[users.length - 1]);
    expect(runner.instructions.slice(idx).filter((i) => i.op === 'RUN')).toEqual([]);
  });

  it('sets the production environment and keeps data in a /app/data volume', () => {
    expect(envOf(runner)).toMatchObject({ NODE_ENV: 'production', PORT: '3000', HOSTNAME: '0.0.0.0', DATA_DIR: '/app/data' });
    const volumes = runner.instructions.filter((i) => i.op === 'VOLUME').flatMap((i) => words(i.args));
    expect(volumes).toContain('/app/data');
    expect(runner.instructions.filter((i) => i.op === 'EXPOSE').flatMap((i) => words(i.args))).toContain('3000');
  });

  it('has a HEALTHCHECK on /api/health that needs no curl', () => {
    const hc = runner.instructions.filter((i) => i.op === 'HEALTHCHECK');
    expect(hc).toHaveLength(1);
    const cmd = hc[0].args.replace(/^(--\S+\s+)*/, '');
    expect(cmd).toMatch(/^CMD\s/);
    const argv = words(cmd.slice(3));
    expect(argv[0]).toBe('node');
    expect(argv.join(' ')).toMatch(/\/api\/health/);
    expect(argv.join(' ')).not.toMatch(/\b(curl|wget)\b/);
  });

  it('starts with CMD node dist/server.js', () => {
    const cmds = runner.instructions.filter((i) => i.op === 'CMD');
    expect(cmds.length).toBeGreaterThan(0);
    expect(words(cmds[cmds.length - 1].args)).toEqual(['node', 'dist/server.js']);
    expect(runner.instructions.filter((i) => i.op === 'ENTRYPOINT')).toEqual([]);
  });
});

describe('.dockerignore', () => {
  it('keeps local state and secrets out of the build context', () => {
    const entries = fs
      .readFileSync(path.join(root, '.dockerignore'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim().replace(/^\/+|\/+$/g, ''))
      .filter((l) => l && !l.startsWith('#'));
    for (const e of ['node_modules', '.next', 'dist', 'data', '.git', '.env']) expect(entries).toContain(e);
  });
});
