import { describe, expect, it } from 'vitest';
import '@/lib/xtream/list-snapshot';
import '@/lib/artwork/player-artwork';
import '@/lib/lines/credentials';
import './request-log';
import '@/lib/relay/live-hub';
import { eventStream, MAX_SSE_CLIENTS, mayOpenEventStream } from './event-stream';
import { memoryBounds } from './bounds';
import { publishEvent } from './events';
import { metrics } from './metrics';

describe('memory bounds', () => {
  it('every bounded structure shows its use and its limit in the metrics', async () => {
    const names = memoryBounds().map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(['list_cache', 'credential_cache', 'credential_cache_misses', 'request_log_queue', 'sse_clients', 'hub_rings', 'hub_hls_segments', 'artwork_links']));
    for (const b of memoryBounds()) {
      // per-hub limits are 0 while no channel plays
      if (!b.name.startsWith('hub_')) expect(b.limit).toBeGreaterThan(0);
      expect(b.used).toBeLessThanOrEqual(b.limit);
    }
    const text = await metrics.metrics();
    expect(text).toContain('neropanel_memory_bound_limit{bound="list_cache",unit="bytes"} 268435456');
    expect(text).toMatch(/neropanel_memory_bound_used\{bound="request_log_queue",unit="entries"\} \d+/);
  });

  it('refuses a monitor stream over the limit and counts closed ones out', async () => {
    const aborts = Array.from({ length: MAX_SSE_CLIENTS }, () => new AbortController());
    const streams = aborts.map((a) => eventStream(a.signal));
    expect(streams).toHaveLength(MAX_SSE_CLIENTS);
    expect(mayOpenEventStream()).toBe(false);
    expect(memoryBounds().find((b) => b.name === 'sse_clients')?.used).toBe(MAX_SSE_CLIENTS);
    for (const a of aborts) a.abort();
    expect(mayOpenEventStream()).toBe(true);
    expect(memoryBounds().find((b) => b.name === 'sse_clients')?.used).toBe(0);
  });

  it('drops a monitor client that stops reading instead of queueing without end', async () => {
    const abort = new AbortController();
    const stream = eventStream(abort.signal);
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 40; i++) publishEvent({ type: 'connection', note: big, i }); // ~2.5 MB, never read
    expect(memoryBounds().find((b) => b.name === 'sse_clients')?.used).toBe(0);
    const reader = stream.getReader();
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
    expect(bytes).toBeGreaterThan(1024 * 1024);
    expect(bytes).toBeLessThan(1.2 * 1024 * 1024);
    abort.abort();
  });
});
