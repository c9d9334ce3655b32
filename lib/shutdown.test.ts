import { afterEach, describe, expect, test } from 'vitest';
import { onShutdown, resetShutdown, shutdownPanel, shuttingDown } from './shutdown';
import { logger } from './monitor/logger';

afterEach(() => resetShutdown());

describe('shutdown registry', () => {
  test('every registered step runs at once and shutdownPanel waits for them', async () => {
    const ran: string[] = [];
    onShutdown('a', async () => {
      await new Promise((r) => setTimeout(r, 50));
      ran.push('a');
    });
    onShutdown('b', () => void ran.push('b'));
    const off = onShutdown('c', () => void ran.push('c'));
    off();
    expect(shuttingDown()).toBe(false);
    const report = await shutdownPanel(2_000);
    expect(shuttingDown()).toBe(true);
    expect(ran.sort()).toEqual(['a', 'b']);
    expect(report).toEqual({ done: expect.arrayContaining(['a', 'b']), late: [] });
  });

  test('a step that outlives the deadline is reported late and does not hold the exit', async () => {
    const level = logger.level;
    logger.level = 'silent';
    onShutdown('stuck', () => new Promise(() => {}));
    onShutdown('failing', () => Promise.reject(new Error('nope')));
    const started = Date.now();
    const report = await shutdownPanel(200);
    logger.level = level;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(report).toEqual({ done: ['failing'], late: ['stuck'] });
    // a second call answers the same run
    expect(await shutdownPanel(10)).toBe(report);
  });
});
