import { subscribeEvents, type PanelEvent } from './events';

const HEARTBEAT_MS = 15_000;
const RETRY_MS = 3_000;

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
      const send = (text: string) => {
        if (!open) return;
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
  });
}
