import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/**
 * Starts a bench child (`node [nodeArgs] --import tsx bench/<file>`, stdout piped, stderr inherited)
 * and resolves once it printed `listening <port>`; rejects if it exits first (`<label> exited (code) …`).
 */
export async function spawnListening(
  file: string,
  env: Record<string, string | undefined>,
  label: string,
  nodeArgs: string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join('bench', file)], {
    cwd: process.cwd(),
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`${label} exited (${code}) before it listened`)));
  });
  return { child, port };
}
