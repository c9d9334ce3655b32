import { Registry, collectDefaultMetrics } from 'prom-client';
import { processState } from '@/lib/state';

/** One Prometheus registry per process; domains register their own counters on it. */
export const metrics = processState('metrics', () => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'neropanel_' });
  return registry;
});
