// The live relay alone, in its own process, for the memory bench (bench/relay-memory.ts): the real hubs,
// rings and slab pool, no database (sources without an upstream account need no slots).
// - `GET /c/{id}`: a viewer of channel {id} (from SOURCE_URL/live/src/srcpw/{id}.ts);
// - `GET /stats`: hubs open and the slab pool's counters (JSON).
// Prints `listening <port>` once it listens on 127.0.0.1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubSettings, listHubs, liveHub } from '@/lib/relay/live-hub';
import { slabPoolStats } from '@/lib/relay/slab-pool';

const source = process.env.SOURCE_URL ?? '';
hubSettings.lingerMs = Number(process.env.LINGER_MS ?? 5_000);

const server = http.createServer((req, res) => {
  const m = /^\/c\/(\d+)$/.exec(req.url ?? '');
  if (m) {
    const id = Number(m[1]);
    const url = `${source}/live/src/srcpw/${id}.ts`;
    void liveHub(`live:${id}`, [{ upstreamId: null, upstreamName: null, publicId: id, url, maskedUrl: '', timeoutSeconds: 5, maxConnections: null }]).join(res, () => {});
    return;
  }
  if (req.url === '/gc' && typeof globalThis.gc === 'function') globalThis.gc();
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ hubs: listHubs().length, slabs: slabPoolStats() }));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
