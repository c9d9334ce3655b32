import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import bcrypt from 'bcryptjs';
import { NextRequest } from 'next/server';
import { withFreshDatabase } from '../helpers/database';
import { makeUser } from '../helpers/admin-api';
import * as setup from '@/app/api/setup/route';
import { authorizeCredentials } from '@/lib/auth/options';
import { BcryptBusyError, compareOffThread } from '@/lib/auth/bcrypt-worker';
import { DUMMY_HASH, PRODUCTION_ROUNDS, hashPassword, hashRounds } from '@/lib/auth/password';
import { forgetSetupState } from '@/lib/setup/first-run';
import { resetEnv } from '@/lib/env';

withFreshDatabase();

const BASE = 'http://127.0.0.1:3999';

// The credentials check as next-auth calls it (the form and JSON round trips through next-auth are in
// tests/e2e/security.e2e.test.ts). The peer address comes from the header server/ sets.
const signIn = (username: string, password: string, headers: Record<string, string>) => authorizeCredentials({ username, password }, headers);
const from = (peer: string, extra: Record<string, string> = {}) => ({ 'x-neropanel-peer': peer, ...extra });

describe('admin sign-in', () => {
  beforeAll(async () => {
    forgetSetupState();
    await makeUser('boss', 'admin', 'right-password-1');
    await makeUser('other', 'viewer', 'right-password-2');
  });
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
    resetEnv();
  });

  test('the right password signs in; a wrong one or an unknown user does not', async () => {
    const headers = from('192.0.2.10');
    expect(await signIn('boss', 'right-password-1', headers)).toMatchObject({ name: 'boss' });
    expect(await signIn('boss', 'nope', headers)).toBeNull();
    expect(await signIn('nobody', 'nope', headers)).toBeNull();
  });

  test('after 5 wrong passwords for one username from one IP, the right one is refused; other IPs and usernames are not', async () => {
    for (let i = 0; i < 5; i++) expect(await signIn('boss', `wrong-${i}`, from('198.51.100.1'))).toBeNull();
    await expect(signIn('boss', 'right-password-1', from('198.51.100.1'))).rejects.toThrow('RateLimited');
    expect(await signIn('boss', 'right-password-1', from('198.51.100.2'))).toMatchObject({ name: 'boss' });
    expect(await signIn('other', 'right-password-2', from('198.51.100.1'))).toMatchObject({ name: 'other' });
  });

  test('without TRUSTED_PROXIES a new X-Forwarded-For per attempt changes nothing: the peer is blocked', async () => {
    for (let i = 0; i < 12; i++) {
      const attempt = signIn('boss', `wrong-${i}`, from('198.51.100.7', { 'x-forwarded-for': `203.0.113.${i}` }));
      if (i < 5) expect(await attempt).toBeNull();
      else await expect(attempt).rejects.toThrow('RateLimited');
    }
    await expect(signIn('boss', 'right-password-1', from('198.51.100.7', { 'x-forwarded-for': '203.0.113.200' }))).rejects.toThrow('RateLimited');
  });

  test('behind a trusted proxy, X-Forwarded-For names the client that is counted', async () => {
    process.env.TRUSTED_PROXIES = '10.0.0.0/8';
    resetEnv();
    for (let i = 0; i < 5; i++) expect(await signIn('boss', `wrong-${i}`, from('10.0.0.2', { 'x-forwarded-for': '203.0.113.50' }))).toBeNull();
    await expect(signIn('boss', 'right-password-1', from('10.0.0.2', { 'x-forwarded-for': '203.0.113.50' }))).rejects.toThrow('RateLimited');
    expect(await signIn('boss', 'right-password-1', from('10.0.0.2', { 'x-forwarded-for': '203.0.113.51' }))).toMatchObject({ name: 'boss' });
  });

  test('30 failures from one IP across usernames block that IP for every username', { timeout: 120_000 }, async () => {
    for (let i = 0; i < 30; i++) expect(await signIn(`guess-${i}`, 'wrong', from('198.51.100.30'))).toBeNull();
    await expect(signIn('boss', 'right-password-1', from('198.51.100.30'))).rejects.toThrow('RateLimited');
    expect(await signIn('boss', 'right-password-1', from('198.51.100.31'))).toMatchObject({ name: 'boss' });
  });

  test('bcrypt checks run one at a time off the event loop; past 4 waiting, a check is refused at once', async () => {
    const checks = Array.from({ length: 10 }, () => compareOffThread('wrong', DUMMY_HASH).then((ok) => ({ ok }), (err: unknown) => ({ err })));
    const results = await Promise.all(checks);
    expect(results.slice(0, 5)).toEqual(Array(5).fill({ ok: false }));
    for (const r of results.slice(5)) expect((r as { err: unknown }).err).toBeInstanceOf(BcryptBusyError);
    expect(await compareOffThread('right-password-1', '$2b$04$' + 'x'.repeat(53))).toBe(false);
  });
});

describe('first-run setup', () => {
  test('POST /api/setup answers 409 once a user exists', async () => {
    const req = new NextRequest(`${BASE}/api/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'late', password: 'long-enough-pw' }) });
    const res = await setup.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('setup_done');
  });
});

describe('password hashing cost', () => {
  test('stored admin passwords use cost 12 outside vitest; the unknown-user dummy hash has the cost of the stored ones', async () => {
    // Under vitest (tests/setup-env.ts) the cost is lowered; the dummy hash follows it.
    expect(bcrypt.getRounds(DUMMY_HASH)).toBe(bcrypt.getRounds(await hashPassword('any')));
    const saved = { VITEST: process.env.VITEST, BCRYPT_TEST_ROUNDS: process.env.BCRYPT_TEST_ROUNDS };
    try {
      expect(PRODUCTION_ROUNDS).toBe(12);
      delete process.env.VITEST; // as in production, where the test variable is ignored
      expect(hashRounds()).toBe(12);
      vi.resetModules();
      const fresh = await import('@/lib/auth/password');
      expect(bcrypt.getRounds(fresh.DUMMY_HASH)).toBe(12);
      const stored = await fresh.hashPassword('right-password-1');
      expect(bcrypt.getRounds(stored)).toBe(12);
      process.env.VITEST = saved.VITEST;
      delete process.env.BCRYPT_TEST_ROUNDS;
      expect(hashRounds()).toBe(12);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      vi.resetModules();
    }
  });
});
