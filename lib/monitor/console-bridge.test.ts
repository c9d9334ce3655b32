import { afterEach, describe, expect, test } from 'vitest';
import { bridgeConsoleToLogger } from './console-bridge';
import { logger, tapLogs } from './logger';

describe('console bridge', () => {
  const lines: string[] = [];
  let undo: (() => void)[] = [];
  const level = logger.level;

  function bridged() {
    logger.level = 'info';
    undo.push(tapLogs((l) => lines.push(l)), bridgeConsoleToLogger());
  }

  afterEach(() => {
    for (const u of undo.reverse()) u();
    undo = [];
    lines.length = 0;
    logger.level = level;
  });

  test("console.error with a message and an error becomes one JSON line, the stack in one field", () => {
    bridged();
    const err = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    console.error('Failed to handle request for /lines', err);
    expect(lines).toHaveLength(1);
    expect(lines[0].trimEnd().split('\n')).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 50, msg: 'Failed to handle request for /lines', source: 'console' });
    expect(line.err).toMatchObject({ type: 'Error', message: 'connect ECONNREFUSED 127.0.0.1:5432' });
    expect(line.err.stack).toContain('console-bridge.test.ts');
    expect(line.err.stack.split('\n').length).toBeGreaterThan(1);
  });

  test('a bare error takes its message; a warning without one is a warn line', () => {
    bridged();
    console.error(new TypeError('boom'));
    console.warn('\x1b[33m⨯ slow request\x1b[39m: %d ms', 1500);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 50, msg: 'boom', err: expect.objectContaining({ type: 'TypeError' }) }),
      expect.objectContaining({ level: 40, msg: 'slow request: 1500 ms' }),
    ]);
  });

  test('bridging twice writes once, and the undo puts console back', () => {
    const original = console.error;
    bridged();
    undo.push(bridgeConsoleToLogger());
    console.error('once');
    expect(lines).toHaveLength(1);
    for (const u of undo.splice(0).reverse()) u();
    expect(console.error).toBe(original);
  });
});
