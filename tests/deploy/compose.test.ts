import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { envSchema } from '@/lib/env/schema';

const root = path.resolve(__dirname, '..', '..');
const read = (f: string) => fs.readFileSync(path.join(root, f), 'utf8');

type Healthcheck = { test?: string | string[]; disable?: boolean };
type Service = {
  image?: string;
  build?: string | { context?: string };
  ports?: (string | { target?: number; published?: string | number })[];
  env_file?: string | (string | { path: string; required?: boolean })[];
  environment?: Record<string, string | number | null> | string[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: Healthcheck;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  restart?: string;
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

const composeText = read('docker-compose.yml');
const compose = parse(composeText) as Compose;
const services = compose.services ?? {};

/** `environment` as a map, whichever of the two compose syntaxes is used. */
function environment(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((e) => {
        const i = e.indexOf('=');
        return i < 0 ? [e, ''] : [e.slice(0, i), e.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

function healthTest(s: Service): string {
  const t = s.healthcheck?.test;
  expect(t, 'healthcheck.test').toBeTruthy();
  expect(s.healthcheck?.disable).not.toBe(true);
  if (Array.isArray(t)) {
    expect(['CMD', 'CMD-SHELL']).toContain(t[0]);
    return t.slice(1).join(' ');
  }
  return String(t);
}

/** Named volumes mounted by a service: `{ name, target }`. */
function namedVolumes(s: Service): { name: string; target: string }[] {
  return (s.volumes ?? [])
    .map((v) => {
      if (typeof v === 'string') {
        const [source, target] = v.split(':');
        return { source, target };
      }
      return { source: v.type && v.type !== 'volume' ? '' : (v.source ?? ''), target: v.target ?? '' };
    })
    .filter(({ source, target }) => source && target && !/^[./~$]/.test(source))
    .map(({ source, target }) => ({ name: source!, target: target! }));
}

function dependsOn(s: Service): Record<string, string | undefined> {
  const d = s.depends_on ?? {};
  if (Array.isArray(d)) return Object.fromEntries(d.map((n) => [n, undefined]));
  return Object.fromEntries(Object.entries(d).map(([n, v]) => [n, v?.condition]));
}

/** Variables `.env.example` documents: `NAME=...` lines and `# NAME=...` (documented, off by default). */
function envExample(): { vars: Map<string, string>; undocumented: string[] } {
  const lines = read('.env.example').split(/\r?\n/);
  const vars = new Map<string, string>();
  const undocumented: string[] = [];
  const varLine = /^(?:#\s*)?([A-Z][A-Z0-9_]*)=(.*)$/;
  lines.forEach((line, i) => {
    const m = varLine.exec(line.trim());
    if (!m) return;
    const prev = (lines[i - 1] ?? '').trim();
    const comment = prev.startsWith('#') && !varLine.test(prev) ? prev.replace(/^#+\s*/, '') : '';
    if (!comment) undocumented.push(m[1]);
    vars.set(m[1], m[2]);
  });
  return { vars, undocumented };
}

/** Every `${VAR}`, `${VAR:-default}`, `${VAR-x}`, `${VAR:?err}` and `$VAR` the compose file interpolates. */
function interpolatedVariables(text: string): Set<string> {
  const names = new Set<string>();
  const src = text.replace(/\$\$/g, ''); // `$$` is a literal dollar
  for (const m of src.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
  for (const m of src.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]);
  return names;
}

describe('docker-compose.yml', () => {
  it('has the postgres, redis and app services', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'redis', 'app']));
  });

  it('runs postgres:16 with a named volume for its data and a pg_isready healthcheck', () => {
    const pg = services.postgres;
    expect(pg.image).toMatch(/^postgres:16(\b|$)/);
    const vols = namedVolumes(pg);
    expect(vols.map((v) => v.target)).toContain('/var/lib/postgresql/data');
    for (const v of vols) expect(Object.keys(compose.volumes ?? {})).toContain(v.name);
    const test = healthTest(pg);
    expect(test).toMatch(/pg_isready/);
    expect(test).toMatch(/-U\s+\S+/);
    expect(test).toMatch(/-d\s+\S+/);
    const env = environment(pg);
    for (const k of ['POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD']) expect(env[k], k).toBeTruthy();
    expect(pg.restart).toBe('unless-stopped');
  });

  it('runs redis:7 with a redis-cli ping healthcheck', () => {
    const redis = services.redis;
    expect(redis.image).toMatch(/^redis:7(\b|$)/);
    expect(healthTest(redis)).toMatch(/redis-cli\s+ping/);
  });

  it('builds the app from this directory, waits for a healthy postgres and redis, and checks /api/health', () => {
    const app = services.app;
    const context = typeof app.build === 'string' ? app.build : app.build?.context;
    expect(context).toBe('.');
    expect(dependsOn(app)).toMatchObject({ postgres: 'service_healthy', redis: 'service_healthy' });
    expect(healthTest(app)).toMatch(/\/api\/health/);
    expect(app.restart).toBe('unless-stopped');
  });

  it('publishes ${PORT:-3000} to container port 3000', () => {
    const ports = (services.app.ports ?? []).map((p) => (typeof p === 'string' ? p : `${p.published}:${p.target}`));
    expect(ports).toContain('${PORT:-3000}:3000');
    // The container listens on 3000 whatever PORT says in .env.
    expect(environment(services.app).PORT ?? '3000').toBe('3000');
  });

  it('reads .env and points the app at the compose postgres and redis', () => {
    const app = services.app;
    const files = (Array.isArray(app.env_file) ? app.env_file : [app.env_file]).map((f) =>
      typeof f === 'string' ? f : f?.path,
    );
    expect(files.map((f) => f && path.normalize(f))).toContain('.env');
    const env = environment(app);
    const db = new URL(env.DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x'));
    expect(db.protocol).toBe('postgres:');
    expect(db.hostname).toBe('postgres');
    expect(db.port).toBe('5432');
    // The app's credentials and database are the ones the postgres service is created with.
    const pgEnv = environment(services.postgres);
    expect(env.DATABASE_URL).toContain(`${pgEnv.POSTGRES_USER}:${pgEnv.POSTGRES_PASSWORD}@postgres:5432/${pgEnv.POSTGRES_DB}`);
    expect(env.REDIS_URL).toBe('redis://redis:6379');
  });

  it('refuses to start without APP_SECRET and NEXTAUTH_SECRET (the app needs them with PostgreSQL)', () => {
    const env = environment(services.app);
    for (const name of ['APP_SECRET', 'NEXTAUTH_SECRET']) {
      expect(env[name], name).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    }
  });

  it('keeps the app data in a named volume at /app/data', () => {
    const vols = namedVolumes(services.app);
    expect(vols.map((v) => v.target)).toContain('/app/data');
    for (const v of vols) expect(Object.keys(compose.volumes ?? {})).toContain(v.name);
  });
});

// Several replicas behind nginx (docs/scaling.md). Anchors with merge keys (`<<: *panel`) keep the
// replicas identical; compose resolves them, so the test does too.
const scaleText = read('docker-compose.scale.yml');
const scale = parse(scaleText, { merge: true }) as Compose;
const scaleServices = scale.services ?? {};
const panels = Object.entries(scaleServices).filter(([, s]) => s.image?.startsWith('neropanel') || s.build !== undefined);
const nginxConf = read('deploy/nginx/neropanel.conf');
const address = (s: Service) => (Array.isArray(s.networks) ? undefined : s.networks?.default?.ipv4_address);

describe('docker-compose.scale.yml', () => {
  it('runs postgres:16, redis:7, nginx and at least two panel replicas', () => {
    expect(scaleServices.postgres.image).toMatch(/^postgres:16(\b|$)/);
    expect(scaleServices.redis.image).toMatch(/^redis:7(\b|$)/);
    expect(healthTest(scaleServices.redis)).toMatch(/redis-cli\s+ping/);
    expect(scaleServices.nginx.image).toMatch(/^nginx(:|$)/);
    expect(panels.length).toBeGreaterThanOrEqual(2);
  });

  it('gives every replica the same database, Redis, secrets and public address, and its own name', () => {
    const envs = panels.map(([, s]) => environment(s));
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'APP_SECRET', 'NEXTAUTH_SECRET', 'NEXTAUTH_URL', 'PUBLIC_URL', 'TRUSTED_PROXIES']) {
      expect(envs[0][name], name).toBeTruthy();
      for (const env of envs) expect(env[name], name).toBe(envs[0][name]);
    }
    expect(envs[0].REDIS_URL).toBe('redis://redis:6379');
    expect(new URL(envs[0].DATABASE_URL.replace(/\$\{[^}]*\}/g, 'x')).hostname).toBe('postgres');
    for (const name of ['APP_SECRET', 'NEXTAUTH_SECRET']) expect(envs[0][name], name).toMatch(new RegExp(`^\\$\\{${name}:\\?.+\\}$`));
    const ids = envs.map((env) => env.REPLICA_ID);
    expect(new Set(ids).size).toBe(panels.length);
    expect(envSchema.shape.REPLICA_ID.safeParse(ids[0]).success).toBe(true);
  });

  it('starts replicas after a healthy postgres and redis, checks /api/health, keeps their data apart', () => {
    const volumes = new Set<string>();
    for (const [name, s] of panels) {
      expect(dependsOn(s), name).toMatchObject({ postgres: 'service_healthy', redis: 'service_healthy' });
      expect(healthTest(s), name).toMatch(/\/api\/health/);
      expect(s.restart, name).toBe('unless-stopped');
      expect(s.ports, `${name} is reached through nginx only`).toBeUndefined();
      for (const v of namedVolumes(s)) {
        expect(Object.keys(scale.volumes ?? {})).toContain(v.name);
        volumes.add(v.name);
      }
    }
    expect(volumes.size).toBe(panels.length);
  });

  it('puts nginx in front: the published port, the config from deploy/nginx, trusted for X-Forwarded-For', () => {
    const nginx = scaleServices.nginx;
    expect(nginx.ports).toContain('${PORT:-3000}:80');
    expect(nginx.volumes).toContain('./deploy/nginx/neropanel.conf:/etc/nginx/nginx.conf:ro');
    expect(dependsOn(nginx)).toMatchObject(Object.fromEntries(panels.map(([name]) => [name, 'service_healthy'])));
    expect(environment(panels[0][1]).TRUSTED_PROXIES.split(',')).toContain(address(nginx));
  });

  it("lists every replica in both of nginx's upstreams, and nothing else", () => {
    const upstream = (name: string) => {
      const block = new RegExp(`upstream ${name} \\{([^}]*)\\}`).exec(nginxConf)?.[1] ?? '';
      return [...block.matchAll(/^\s*server\s+([^\s;]+)/gm)].map((m) => m[1]).sort();
    };
    const expected = panels.map(([name]) => `${name}:3000`).sort();
    expect(upstream('panel_streams')).toEqual(expected);
    expect(upstream('panel')).toEqual(expected);
  });
});

describe('.env.example', () => {
  const { vars, undocumented } = envExample();

  it('gives every variable a comment line', () => {
    expect(vars.size).toBeGreaterThan(0);
    expect(undocumented).toEqual([]);
  });

  it('documents every ${VAR} docker-compose.yml and docker-compose.scale.yml use', () => {
    for (const text of [composeText, scaleText]) {
      const used = [...interpolatedVariables(text)];
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((v) => !vars.has(v))).toEqual([]);
    }
  });

  it('documents every variable lib/env/schema.ts knows', () => {
    const known = Object.keys(envSchema.shape);
    expect(known.length).toBeGreaterThan(0);
    expect(known.filter((v) => !vars.has(v))).toEqual([]);
  });

  it('ships no secret values, only placeholders with a way to generate them', () => {
    const lines = read('.env.example').split(/\r?\n/);
    for (const name of ['APP_SECRET', 'NEXTAUTH_SECRET', 'METRICS_TOKEN', 'POSTGRES_PASSWORD', 'ADMIN_PASSWORD']) {
      expect(vars.get(name), name).toBe('');
      const i = lines.findIndex((l) => l.startsWith(`${name}=`));
      expect(lines[i - 1], name).toMatch(/generate with: openssl rand -hex 32/);
    }
  });
});
