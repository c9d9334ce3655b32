// Shared by `npm start` and `npm run dev`: .env and the variables the server needs, settled before it
// starts (DATA_DIR absolute under the project root, PORT, a real bind address, NEXTAUTH_URL).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot as root } from './build-state.mjs';

/** @param {'production' | 'development'} mode NODE_ENV when none is set */
export function settleEnv(mode) {
  // 1. .env from the project root; variables already set in the environment win.
  const envFile = path.join(root, '.env');
  if (fs.existsSync(envFile)) {
    try {
      if (typeof process.loadEnvFile === 'function') process.loadEnvFile(envFile); // never overrides what is set
      else loadEnvFallback(envFile);
    } catch (err) {
      console.error(`start: cannot read ${envFile}: ${err.message}`);
      process.exit(1);
    }
  }

  /** Node < 20.12 has no process.loadEnvFile: KEY=VALUE lines, optional quotes, # comments. */
  function loadEnvFallback(file) {
    for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
      const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (!m || m[1] in process.env) continue;
      let value = m[2];
      const q = value[0];
      if ((q === '"' || q === "'") && value.endsWith(q) && value.length >= 2) value = value.slice(1, -1);
      else value = value.replace(/\s+#.*$/, '');
      process.env[m[1]] = q === '"' ? value.replace(/\\n/g, '\n') : value;
    }
  }

  const blank = (name) => process.env[name] === undefined || process.env[name].trim() === '';

  // 2. Settle the environment before the server starts.
  process.env.DATA_DIR = blank('DATA_DIR') ? path.join(root, 'data') : path.resolve(root, process.env.DATA_DIR.trim());
  if (blank('PORT')) process.env.PORT = '3000';
  // Some shells and containers export HOSTNAME as the machine's name; that is not a bind address.
  if (blank('HOSTNAME') || process.env.HOSTNAME === os.hostname()) process.env.HOSTNAME = '0.0.0.0';
  if (blank('NODE_ENV')) process.env.NODE_ENV = mode;
  if (blank('NEXTAUTH_URL')) {
    process.env.NEXTAUTH_URL = blank('PUBLIC_URL')
      ? `http://localhost:${process.env.PORT}`
      : process.env.PUBLIC_URL.trim().replace(/\/+$/, '');
  }
  process.env.NEXT_TELEMETRY_DISABLED ??= '1';
}
