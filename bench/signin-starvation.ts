// What parallel wrong admin sign-ins do to a cheap request's latency in the same process: bcryptjs on
// the event loop (the old way) against lib/auth/bcrypt-worker.ts (one check at a time on a worker
// thread). `npx tsx bench/signin-starvation.ts` prints p50/p99/max per mode.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import bcrypt from 'bcryptjs';
import { compareOffThread } from '@/lib/auth/bcrypt-worker';
import { DUMMY_HASH } from '@/lib/auth/password';

const ATTACKERS = 8;
const SECONDS = Number(process.env.SECONDS ?? 8);

async function measure(label: string, check: (() => Promise<unknown>) | null) {
  const server = http.createServer((_req, res) => res.end('{"user_info":{}}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/player_api.php`;
  const agent = new http.Agent({ keepAlive: true });
  const until = Date.now() + SECONDS * 1000;
  let attempts = 0;
  const attackers = check
    ? Array.from({ length: ATTACKERS }, async () => {
        while (Date.now() < until) {
          attempts++;
          await check().catch(() => new Promise((r) => setTimeout(r, 50))); // a refused check: the client tries again soon
        }
      })
    : [];
  const times: number[] = [];
  while (Date.now() < until) {
    const t = performance.now();
    await new Promise<void>((resolve, reject) => http.get(url, { agent }, (res) => res.resume().on('end', resolve)).on('error', reject));
    times.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 20));
  }
  await Promise.all(attackers);
  agent.destroy();
  server.close();
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(1);
  console.log(`${label.padEnd(40)} requests ${String(times.length).padStart(4)}  p50 ${at(0.5)} ms  p99 ${at(0.99)} ms  max ${times[times.length - 1].toFixed(1)} ms  sign-in attempts ${attempts}`);
}

async function main() {
  await measure('no sign-ins', null);
  await measure(`${ATTACKERS} parallel, bcryptjs on the event loop`, () => bcrypt.compare('wrong', DUMMY_HASH));
  await measure(`${ATTACKERS} parallel, worker thread (bounded)`, () => compareOffThread('wrong', DUMMY_HASH));
  process.exit(0);
}

void main();
