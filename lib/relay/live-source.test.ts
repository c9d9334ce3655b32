import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, describe, expect, test } from 'vitest';
import { openLiveSource, type LiveSource } from './live-source';

// Real sockets on 127.0.0.1: each server writes exactly the bytes (and the splits) a test wants.

type Script = (socket: net.Socket, request: string) => unknown;
const servers: net.Server[] = [];

async function rawServer(script: Script, opts: { tls?: { key: Buffer; cert: Buffer } } = {}): Promise<string> {
  const onSocket = (socket: net.Socket) => {
    let request = '';
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      request += d.toString('latin1');
      if (request.includes('\r\n\r\n')) {
        socket.removeAllListeners('data');
        void script(socket, request);
      }
    });
  };
  const server = opts.tls ? tls.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onSocket) : net.createServer(onSocket);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes pieces one by one with a pause between, so the client sees them in separate reads. */
async function writeSplit(socket: net.Socket, pieces: (string | Buffer)[]) {
  for (const p of pieces) {
    socket.write(p);
    await sleep(15);
  }
}

/** Reads a whole body: resolves with the bytes and the error the body ended with (if any). */
function readAll(source: LiveSource): Promise<{ body: Buffer; error?: Error }> {
  return new Promise((resolve) => {
    const parts: Buffer[] = [];
    source.start({
      // Copied at once: a piece is only valid during the call unless its slab is retained.
      onData: (chunk) => {
        parts.push(Buffer.from(chunk));
        return true;
      },
      onEnd: (error) => resolve({ body: Buffer.concat(parts), error }),
    });
  });
}

const payload = (n: number) => crypto.randomBytes(n);

describe('openLiveSource', () => {
  test('decodes a chunked body whose size lines, extensions and CRLFs are split across reads', async () => {
    const a = payload(5000);
    const b = payload(70_000);
    const c = payload(3);
    const url = await rawServer(async (socket) => {
      await writeSplit(socket, [
        'HTTP/1.1 200 OK\r\nContent-Type: video/mp2t\r\nTransfer-Encoding: chunked\r\n',
        '\r\n13',
        `88;name=value\r`,
        '\n',
        a,
        '\r',
        `\n${b.length.toString(16).toUpperCase()}\r\n`,
        Buffer.concat([b, Buffer.from(`\r\n${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n0\r\n\r\n')]),
      ]);
    });
    const source = await openLiveSource(`${url}/live/u/p/1.ts`, { timeoutMs: 2000 });
    expect(source.status).toBe(200);
    expect(source.headers['content-type']).toBe('video/mp2t');
    const { body, error } = await readAll(source);
    expect(error).toBeUndefined();
    expect(body.equals(Buffer.concat([a, b, c]))).toBe(true);
  });

  test('a Content-Length body ends after exactly that many bytes; a cut one ends with an error', async () => {
    const data = payload(300_000);
    const whole = await rawServer(async (socket) => {
      await writeSplit(socket, [`HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`, data.subarray(0, 1000), Buffer.concat([data.subarray(1000), Buffer.from('garbage after the body')])]);
    });
    const ok = await readAll(await openLiveSource(whole, { timeoutMs: 2000 }));
    expect(ok.error).toBeUndefined();
    expect(ok.body.equals(data)).toBe(true);

    const cut = await rawServer(async (socket) => {
      await writeSplit(socket, [`HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`, data.subarray(0, 1000)]);
      socket.destroy();
    });
    const short = await readAll(await openLiveSource(cut, { timeoutMs: 2000 }));
    expect(short.body.equals(data.subarray(0, 1000))).toBe(true);
    expect(short.error?.message).toMatch(/ended the stream early/);
  });

  test('a close-delimited body (HTTP/1.0 style, head and body in one write) is read to the end', async () => {
    const data = payload(2 * 1024 * 1024 + 5);
    const url = await rawServer((socket) => {
      socket.end(Buffer.concat([Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: video/mp2t\r\n\r\n'), data]));
    });
    const { body, error } = await readAll(await openLiveSource(url, { timeoutMs: 2000 }));
    expect(error).toBeUndefined();
    expect(body.equals(data)).toBe(true);
  });

  test('follows relative and absolute redirects to the stream, and gives up on a loop', async () => {
    const data = payload(10_000);
    const edge = await rawServer((socket, request) => {
      expect(request).toMatch(/^GET \/edge\/token123\/1\.ts HTTP\/1\.1\r\n/);
      expect(request).toMatch(/\r\nUser-Agent: VLC\//);
      socket.end(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n'), data]));
    });
    const origin = await rawServer((socket, request) => {
      if (request.startsWith('GET /live/')) socket.end('HTTP/1.1 302 Found\r\nLocation: /hop\r\nContent-Length: 0\r\n\r\n');
      else socket.end(`HTTP/1.1 301 Moved\r\nLocation: ${edge}/edge/token123/1.ts\r\nContent-Length: 0\r\n\r\n`);
    });
    const { body } = await readAll(await openLiveSource(`${origin}/live/u/p/1.ts`, { timeoutMs: 2000 }));
    expect(body.equals(data)).toBe(true);

    const loop = await rawServer((socket) => socket.end('HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n'));
    await expect(openLiveSource(loop, { timeoutMs: 2000 })).rejects.toThrow(/redirected too often/);
  });

  test("sends the source's headers (its User-Agent in place of the default) and drops any that could break the request line", async () => {
    let seen = '';
    const server = await rawServer((socket, request) => {
      seen = request;
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    });
    const headers = { 'user-agent': 'TiviMate/5.1', referer: 'https://example.org/', 'x-evil': 'a\r\nInjected: 1', host: 'elsewhere', 'bad name': 'x' };
    await readAll(await openLiveSource(`${server}/live/u/p/1.ts`, { timeoutMs: 2000, headers }));
    expect(seen).toMatch(/\r\nUser-Agent: TiviMate\/5\.1\r\n/);
    expect(seen).not.toMatch(/VLC/);
    expect(seen).toMatch(/\r\nReferer: https:\/\/example\.org\/\r\n/);
    expect(seen).not.toMatch(/Injected|X-Evil|elsewhere|bad name/i);
    expect(seen.match(/\r\nHost: /g)).toHaveLength(1);
  });

  test('an interim 100 answer is skipped; an error status is an error with the status', async () => {
    const data = payload(1000);
    const interim = await rawServer((socket) => {
      socket.end(Buffer.concat([Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n'), data]));
    });
    const { body } = await readAll(await openLiveSource(interim, { timeoutMs: 2000 }));
    expect(body.equals(data)).toBe(true);

    const missing = await rawServer((socket) => socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found'));
    await expect(openLiveSource(missing, { timeoutMs: 2000 })).rejects.toMatchObject({ status: 404, message: 'upstream answered 404' });
  });

  test('silence, a refused port, a non-HTTP answer and a malformed chunk are errors that name the fault', async () => {
    const silent = await rawServer(() => undefined);
    const started = Date.now();
    await expect(openLiveSource(silent, { timeoutMs: 300 })).rejects.toThrow('upstream did not answer in time');
    expect(Date.now() - started).toBeLessThan(2000);

    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(openLiveSource(`http://127.0.0.1:${port}/x`, { timeoutMs: 2000 })).rejects.toThrow('upstream unreachable (ECONNREFUSED)');

    const notHttp = await rawServer((socket) => socket.end('SSH-2.0-OpenSSH\r\n\r\n'));
    await expect(openLiveSource(notHttp, { timeoutMs: 2000 })).rejects.toThrow('upstream did not answer HTTP');

    const bad = await rawServer(async (socket) => {
      await writeSplit(socket, ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', '4\r\nabcd\r\n', 'zz\r\n']);
    });
    const { body, error } = await readAll(await openLiveSource(bad, { timeoutMs: 2000 }));
    expect(body.toString()).toBe('abcd');
    expect(error?.message).toMatch(/malformed chunked body/);
  });

  test('stops reading when onData returns false and goes on after resume(); abort() ends the body', async () => {
    let written = 0;
    const block = Buffer.alloc(64 * 1024, 0x47);
    const url = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\n\r\n');
      const pump = () => {
        while (!socket.destroyed) {
          written += block.length;
          if (!socket.write(block)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
    const source = await openLiveSource(url, { timeoutMs: 2000 });
    let received = 0;
    let paused = false;
    let pauses = 0;
    const ended = new Promise<Error | undefined>((resolve) =>
      source.start({
        onData: (chunk) => {
          received += chunk.length;
          if (received > 512 * 1024 && pauses === 0) {
            paused = true;
            pauses += 1;
          }
          return !paused;
        },
        onEnd: resolve,
      }),
    );
    while (!paused) await sleep(10);
    await sleep(100);
    const atPause = received;
    const writtenAtPause = written;
    await sleep(400);
    // Paused: nothing more is read, so the server's writes back up (socket buffers, not our memory).
    expect(received).toBe(atPause);
    expect(written - writtenAtPause).toBeLessThan(16 * 1024 * 1024);
    paused = false;
    source.resume();
    await sleep(300);
    expect(received).toBeGreaterThan(atPause + 1024 * 1024);
    source.abort();
    await ended;
    const after = received;
    await sleep(100);
    expect(received).toBe(after);
  });

  test('reads a stream over TLS', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'live-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    const key = fs.readFileSync(path.join(dir, 'k.pem'));
    const cert = fs.readFileSync(path.join(dir, 'c.pem'));
    fs.rmSync(dir, { recursive: true, force: true });
    const data = payload(1_000_000);
    const url = await rawServer((socket) => socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n`), data])), { tls: { key, cert } });
    // A self-signed certificate is refused like any client would...
    await expect(openLiveSource(url, { timeoutMs: 2000 })).rejects.toThrow(/upstream unreachable/);
    // ...and read once it is trusted (the environment switch every Node TLS client honours).
    const before = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
    try {
      const { body, error } = await readAll(await openLiveSource(url, { timeoutMs: 2000 }));
      expect(error).toBeUndefined();
      expect(body.equals(data)).toBe(true);
    } finally {
      if (before === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = before;
    }
  });
});
