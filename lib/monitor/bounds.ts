import { Gauge } from 'prom-client';
import { processState } from '@/lib/state';
import { metrics } from './metrics';

/**
 * Everything the panel keeps in memory under load has a limit (issue 16): the list cache, the
 * credential cache, the request-log queue, the live hubs' rings, the monitor's SSE clients. Each
 * domain registers its bound here once; `/api/metrics` shows what is used against the limit, so an
 * operator sees which one is close before memory is.
 */
export interface MemoryBound {
  /** What is counted: bytes or entries. */
  unit: 'bytes' | 'entries' | 'clients';
  limit: number;
  used: () => number;
}

const bounds = processState('memoryBounds', () => new Map<string, MemoryBound>());

export function registerBound(name: string, bound: MemoryBound): void {
  bounds.set(name, bound);
}

/** The registered bounds with their current use (for tests and the dashboard). */
export function memoryBounds(): { name: string; unit: MemoryBound['unit']; limit: number; used: number }[] {
  return [...bounds.entries()].map(([name, b]) => ({ name, unit: b.unit, limit: b.limit, used: b.used() }));
}

processState('memoryBoundGauges', () => {
  new Gauge({
    name: 'neropanel_memory_bound_used',
    help: 'What a bounded in-memory structure holds now (unit in the label)',
    labelNames: ['bound', 'unit'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const b of memoryBounds()) this.set({ bound: b.name, unit: b.unit }, b.used);
    },
  });
  new Gauge({
    name: 'neropanel_memory_bound_limit',
    help: 'The limit of a bounded in-memory structure (unit in the label)',
    labelNames: ['bound', 'unit'],
    registers: [metrics],
    collect() {
      this.reset();
      for (const b of memoryBounds()) this.set({ bound: b.name, unit: b.unit }, b.limit);
    },
  });
  return true;
});
