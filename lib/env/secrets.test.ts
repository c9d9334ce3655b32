import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConfigError, getEnv, resetEnv } from './index';
import { ensureAuthUrl, ensureSecrets } from './secrets';

const KEYS = ['APP_SECRET', 'NEXTAUTH_SECRET', 'DATA_DIR', 'DATABASE_URL', 'NODE_ENV', 'NEXTAUTH_URL', 'PUBLIC_URL', 'PORT'];

describe('configuration', () => {
  let saved: Record<string, string | undefined>;
  let dir: string;
  beforeEach(() => {
    saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
    for (const k of KEYS) delete process.env[k];
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-env-'));
    process.env.DATA_DIR = dir;
    resetEnv();
  });
  afterEach(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetEnv();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('embedded mode generates missing secrets once and keeps them in DATA_DIR', () => {
    ensureSecrets();
    const first = { app: process.env.APP_SECRET, auth: process.env.NEXTAUTH_SECRET };
    expect(first.app).toMatch(/^[0-9a-f]{64}$/);
    expect(first.auth).not.toBe(first.app);
    const file = path.join(dir, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    delete process.env.APP_SECRET;
    delete process.env.NEXTAUTH_SECRET;
    resetEnv();
    ensureSecrets();
    expect(process.env.APP_SECRET).toBe(first.app);
    expect(process.env.NEXTAUTH_SECRET).toBe(first.auth);
  });

  test('production on PostgreSQL without a secret stops with a message naming the variable', () => {
    Object.assign(process.env, { NODE_ENV: 'production', DATABASE_URL: 'postgres://u@db/x', NEXTAUTH_SECRET: 'a'.repeat(32) });
    resetEnv();
    expect(() => ensureSecrets()).toThrow(ConfigError);
    expect(() => ensureSecrets()).toThrow(/^APP_SECRET must be set/);
    expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false);
  });

  test('a malformed value is a one-line error naming the variable', () => {
    process.env.PORT = 'eighty';
    resetEnv();
    expect(() => getEnv()).toThrow(/^Invalid configuration: PORT /);
  });

  test('empty values count as unset; NEXTAUTH_URL is derived from PUBLIC_URL or the port', () => {
    process.env.PUBLIC_URL = '';
    process.env.PORT = '4123';
    resetEnv();
    ensureAuthUrl();
    expect(process.env.NEXTAUTH_URL).toBe('http://localhost:4123');
    delete process.env.NEXTAUTH_URL;
    process.env.PUBLIC_URL = 'https://panel.example.org';
    resetEnv();
    ensureAuthUrl();
    expect(process.env.NEXTAUTH_URL).toBe('https://panel.example.org');
  });
});
