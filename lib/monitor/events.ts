import { EventEmitter } from 'node:events';
import { processState } from '@/lib/state';
import type { ApiRequestRecord } from './request-record';

export type PanelEvent =
  | { type: 'sync'; jobId: string; upstreamId: string; phase: string; done: number; total: number; status?: string }
  | ({ type: 'request' } & ApiRequestRecord)
  | { type: 'connection'; [key: string]: unknown };

/** The live event bus behind /api/monitor/events: sync progress, requests, connections. */
const bus = processState('eventBus', () => {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return emitter;
});

export function publishEvent(event: PanelEvent): void {
  bus.emit('event', event);
}

export function subscribeEvents(listener: (event: PanelEvent) => void): () => void {
  bus.on('event', listener);
  return () => bus.off('event', listener);
}

/** How many subscribers the bus has now (SSE clients and in-process listeners). */
export function eventListenerCount(): number {
  return bus.listenerCount('event');
}
