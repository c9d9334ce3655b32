import fs from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { NextRequest } from 'next/server';
import { insertUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/auth/password';
import { startSession } from '@/lib/auth/sessions';

export type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export interface ApiRoute {
  /** e.g. /api/users/[id] */
  pattern: string;
  file: string;
  methods: Record<string, Handler>;
}

const ROOT = path.resolve(__dirname, '..', '..');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Every route.ts under app/api, imported, with the HTTP methods it exports. */
export async function discoverApiRoutes(): Promise<ApiRoute[]> {
  const dir = path.join(ROOT, 'app', 'api');
  const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('route.ts'));
  const routes: ApiRoute[] = [];
  for (const rel of files.sort()) {
    const mod = (await import(path.join(dir, rel))) as Record<string, unknown>;
    const methods: Record<string, Handler> = {};
    for (const m of METHODS) if (typeof mod[m] === 'function') methods[m] = mod[m] as Handler;
    routes.push({ pattern: '/api/' + path.dirname(rel).split(path.sep).join('/'), file: rel, methods });
  }
  return routes;
}

/** Fills dynamic segments with a well-formed id that does not exist. */
export function concrete(pattern: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const url = pattern.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_, rest, name) => {
    const v = '00000000-0000-4000-8000-000000000000';
    params[name] = rest ? [v] : v;
    return v;
  });
  return { url: url.replace('/api/.', '/api'), params };
}

/** A session cookie as next-auth issues it at sign-in: a JWT naming the user and a new live session. */
export async function sessionCookie(user: { id: string; username: string }): Promise<string> {
  const token = await encode({ token: { sub: user.id, name: user.username, sid: await startSession(user.id) }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${token}`;
}

/** A user made by `makeUser`, with a session cookie. */
export type TestUser = Awaited<ReturnType<typeof makeUser>>;

export async function makeUser(username: string, role: 'admin' | 'viewer', password = 'correct-horse-battery') {
  const row = await insertUser({ username, passwordHash: await hashPassword(password), role, isActive: true });
  return { id: row.id, username, password, cookie: await sessionCookie({ id: row.id, username }) };
}

export async function call(
  handler: Handler,
  url: string,
  init: { method?: string; cookie?: string; body?: unknown; rawBody?: string; params?: Record<string, string | string[]>; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.cookie) headers.cookie = init.cookie;
  let body: string | undefined = init.rawBody;
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] = 'application/json';
  }
  const req = new NextRequest(new URL(url, 'http://127.0.0.1:3999'), { method: init.method ?? 'GET', headers, body });
  const res = await handler(req, { params: Promise.resolve(init.params ?? {}) });
  const text = res.headers.get('content-type')?.startsWith('text/event-stream') ? await firstChunk(res) : await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, any> };
}

/** A Server-Sent Events answer never ends: its opening lines, then the stream is cancelled. */
async function firstChunk(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const { value } = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(value);
}
