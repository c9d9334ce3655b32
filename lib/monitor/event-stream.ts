import { processState } from '@/lib/state';
import { registerBound } from './bounds';
import { subscribeEvents, type PanelEvent } from './events';

const HEARTBEAT_MS = 15_000;
const RETRY_MS = 3_000;
/** Open monitor streams at once (each admin tab holds one); more are refused with 503. */
export const MAX_SSE_CLIENTS = 64;
/** A client that stops reading is dropped once this much is queued for it (it reconnects and catches up). */
const MAX_QUEUED_BYTES = 1024 * 1024;

const clients = processState('sseClients', () => ({ open: 0 }));
registerBound('sse_clients', { unit: 'clients', limit: MAX_SSE_CLIENTS, used: () => clients.open });

/** False when the stream limit is reached: the route answers 503 instead of opening one more. */
export const mayOpenEventStream = (): boolean => clients.open < MAX_SSE_CLIENTS;

/**
 * The event bus as Server-Sent Events: `event: <type>` + `data: <json>` per event, a comment every
 * 15 s so proxies keep the connection open. The listener goes away when the client disconnects
 * (the request's signal aborts or the consumer cancels the stream), whichever Next reports first.
 */
export function eventStream(signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      clients.open += 1;
      const send = (text: string) => {
        if (!open) return;
        // desiredSize goes negative by what is queued and unread (highWaterMark below is in bytes)
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) return stop();
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const unsubscribe = subscribeEvents((event: PanelEvent) => send(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
      const heartbeat = setInterval(() => send(`: heartbeat ${new Date().toISOString()}\n\n`), HEARTBEAT_MS);
      heartbeat.unref();
      stop = () => {
        if (!open) return;
        open = false;
        clients.open -= 1;
        unsubscribe();
        clearInterval(heartbeat);
        signal.removeEventListener('abort', onAbort);
        try {
          controller.close();
        } catch {
          // already closed by a cancel
        }
      };
      const onAbort = () => stop();
      signal.addEventListener('abort', onAbort);
      send(`retry: ${RETRY_MS}\n: connected\n\n`);
      if (signal.aborted) stop();
    },
    cancel() {
      stop();
    },
  }, { highWaterMark: 0, size: (chunk) => chunk.byteLength });
}
