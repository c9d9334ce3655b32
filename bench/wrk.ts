import { execFile } from 'node:child_process';

export interface WrkResult {
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds. */
  p50: number;
  p99: number;
  requests: number;
  /** Non-2xx/3xx answers plus socket errors: a run with any is not a valid measurement. */
  errors: number;
  /** wrk's own lines about them (Non-2xx, socket errors), empty when none. */
  errorDetail: string;
  transferPerSecond: string;
}

export const WRK = { threads: 2, connections: 32, seconds: 10 };

/** The wrk command line as written in the report (URL elided). */
export function wrkCommand(opts: { connections?: number } = {}): string {
  return `wrk -t${WRK.threads} -c${opts.connections ?? WRK.connections} -d${WRK.seconds}s --latency -H 'Accept-Encoding: gzip' <url>`;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  switch (unit) {
    case 'us':
      return n / 1000;
    case 'ms':
      return n;
    case 's':
      return n * 1000;
    case 'm':
      return n * 60_000;
    default:
      throw new Error(`unknown wrk latency unit ${unit}`);
  }
}

export function parseWrk(out: string): WrkResult {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`wrk output has no ${p}% latency:\n${out}`);
    return toMs(m[1], m[2]);
  };
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const total = /(\d+) requests in/.exec(out);
  if (!rps || !total) throw new Error(`unexpected wrk output:\n${out}`);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = (non2xx ? Number(non2xx[1]) : 0) + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return {
    requestsPerSecond: Number(rps[1]),
    p50: pct('50'),
    p99: pct('99'),
    requests: Number(total[1]),
    errors,
    errorDetail: [non2xx?.[0], sock?.[0]].filter(Boolean).join('; '),
    transferPerSecond: /Transfer\/sec:\s+(\S+)/.exec(out)?.[1] ?? '',
  };
}

/**
 * Runs wrk against one URL with the bench's settings (gzip accepted). `script`: a Lua file (e.g. one
 * that cycles through several paths of the URL's host; see luaPathCycle).
 */
export function runWrk(url: string, opts: { connections?: number; seconds?: number; script?: string } = {}): Promise<WrkResult> {
  const args = [
    ...(opts.script ? ['-s', opts.script] : []),
    `-t${WRK.threads}`,
    `-c${opts.connections ?? WRK.connections}`,
    `-d${opts.seconds ?? WRK.seconds}s`,
    '--latency',
    '-H',
    'Accept-Encoding: gzip',
    url,
  ];
  return new Promise((resolve, reject) => {
    execFile('wrk', args, { maxBuffer: 1024 * 1024, timeout: ((opts.seconds ?? WRK.seconds) + 60) * 1000 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed: ${err.message}\n${stdout}\n${stderr}`));
      try {
        resolve(parseWrk(stdout));
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** A wrk Lua script that sends each request to the next of these paths (with Accept-Encoding: gzip). */
export function luaPathCycle(paths: string[]): string {
  const list = paths.map((p) => `  ${JSON.stringify(p)},`).join('\n');
  return `local paths = {\n${list}\n}\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("GET", paths[(i % #paths) + 1], { ["Accept-Encoding"] = "gzip" })\nend\n`;
}
