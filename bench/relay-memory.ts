import http from 'node:http';
import os from 'node:os';
import { sleep } from '@/tests/e2e/helpers/server';
import { rssMb } from './panel';
import { spawnListening } from './child';
import { machineLines, table, type Section } from './report';

// Memory of the live relay under many channels and after them: the hubs, rings and slab pool in a
// process of their own (bench/relay-memory-worker.ts), fed by bench/relay-source.ts at a live rate.

const CHANNELS = 100;
/** 4 Mbit/s per channel, a typical HD channel. */
const CHANNEL_BPS = 500_000;
const HOLD_S = Number(process.env.BENCH_HOLD_S ?? 20);
const AFTER_S = Number(process.env.BENCH_AFTER_S ?? 60);
const BUDGET_AFTER_MB = 150;

/** Starts a bench child (`node --import tsx <file>`) and resolves once it printed `listening <port>`. */
async function startChild(file: string, env: Record<string, string>): Promise<{ pid: number; url: string; stop: () => void }> {
  const { child, port } = await spawnListening(file, env, file, (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean));
  return { pid: child.pid!, url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

/** A viewer that reads and drops everything; returns how to stop it and how much it got. */
function view(url: string) {
  let bytes = 0;
  const req = http.get(url, { agent: false }, (res) => res.on('data', (c: Buffer) => (bytes += c.length)).on('error', () => {}));
  req.on('error', () => {});
  return { stop: () => req.destroy(), bytes: () => bytes };
}

export async function benchRelayMemory({ command }: { command: string }): Promise<Section> {
  const source = await startChild('relay-source.ts', {
    SOURCE_LIVE: String(CHANNELS),
    SOURCE_PACED_IDS: Array.from({ length: CHANNELS }, (_, i) => i + 1).join(','),
    SOURCE_PACE_BPS: String(CHANNEL_BPS),
  });
  // As `npm start` and the Docker image run the server.
  const relay = await startChild('relay-memory-worker.ts', { SOURCE_URL: source.url, LINGER_MS: '5000', MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072' });
  const stats = async () => (await fetch(`${relay.url}/stats`)).json() as Promise<{ hubs: number; slabs: { pooled: number; created: number; reused: number } }>;
  try {
    // Warm up (code paths compiled, first slabs made), then the baseline.
    const warm = view(`${relay.url}/c/1`);
    await sleep(3_000);
    warm.stop();
    while ((await stats()).hubs > 0) await sleep(500);
    await sleep(5_000);
    const before = rssMb(relay.pid);
    console.log(`relay-memory: RSS before ${before.toFixed(0)} MB; ${CHANNELS} channels at ${(CHANNEL_BPS * 8) / 1e6} Mbit/s for ${HOLD_S} s`);

    const viewers = Array.from({ length: CHANNELS }, (_, i) => view(`${relay.url}/c/${i + 1}`));
    let peak = before;
    for (let s = 0; s < HOLD_S; s++) {
      await sleep(1_000);
      peak = Math.max(peak, rssMb(relay.pid));
    }
    const received = viewers.reduce((n, v) => n + v.bytes(), 0);
    const during = await stats();
    viewers.forEach((v) => v.stop());
    const ended = Date.now();
    const samples: [number, number][] = [];
    for (let s = 5; s <= AFTER_S; s += 5) {
      await sleep(ended + s * 1000 - Date.now());
      samples.push([s, rssMb(relay.pid)]);
      peak = Math.max(peak, samples.at(-1)![1]);
      console.log(`relay-memory: ${s} s after the load: RSS ${samples.at(-1)![1].toFixed(0)} MB`);
    }
    const after = samples.at(-1)![1];
    const perChannel = (peak - before) / CHANNELS;
    const end = await stats();
    const markdown = [
      '## Live relay memory: 100 channels, then idle',
      '',
      `Command: \`${command}\` (the relay alone: \`bench/relay-memory-worker.ts\` runs the real hubs, rings and slab pool`,
      `in a process of its own, fed by \`bench/relay-source.ts\`; no build or database needed), run with`,
      `\`MALLOC_MMAP_THRESHOLD_=${process.env.MALLOC_MMAP_THRESHOLD_ ?? '131072'}\` as \`npm start\` and the Docker image set it.`,
      '',
      machineLines({ 'Load average at the start (1 min)': `${os.loadavg()[0].toFixed(1)} (the machine is shared)` }),
      '',
      `${CHANNELS} channels at ${(CHANNEL_BPS * 8) / 1e6} Mbit/s each, one viewer each, for ${HOLD_S} s; then every viewer leaves (hubs linger 5 s)`,
      `and the relay process's RSS is sampled for ${AFTER_S} s. Viewers received ${(received / 1e6).toFixed(0)} MB in all.`,
      '',
      table(
        ['measure', 'value'],
        [
          ['RSS before the load', `${before.toFixed(0)} MB`],
          ['RSS peak (100 channels, and while they end)', `${peak.toFixed(0)} MB`],
          ['per channel (peak − before) / 100', `${perChannel.toFixed(2)} MB`],
          ...samples.filter(([s]) => s % 15 === 0 || s === 5).map(([s, mb]): [string, string] => [`RSS ${s} s after the load`, `${mb.toFixed(0)} MB`]),
          [`RSS ${AFTER_S} s after − before (budget ${BUDGET_AFTER_MB} MB)`, `${(after - before).toFixed(0)} MB ${after - before <= BUDGET_AFTER_MB ? '(ok)' : '(OVER BUDGET)'}`],
          ['slabs made / reused during the load', `${during.slabs.created} / ${during.slabs.reused}`],
          ['slabs pooled after', String(end.slabs.pooled)],
        ],
      ),
      '',
      'Per channel: the ring holds 6 s of the channel at its measured rate (3 MB at 4 Mbit/s; 1.5 MB floor,',
      '4 MB ceiling) plus the read slab it is filling (1 MB). After the load the slab pool keeps 8 spare; once no',
      'slab was made for 10 s, one full collection frees the rest, and with `MALLOC_MMAP_THRESHOLD_` the freed',
      'slabs leave the process (without it, glibc keeps most of them in its heap: RSS stayed at 500 MB here).',
    ].join('\n');
    return { id: 'relay-memory', markdown };
  } finally {
    relay.stop();
    source.stop();
  }
}
