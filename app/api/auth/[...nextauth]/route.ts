import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { getAuthOptions } from '@/lib/auth/options';
import { bodyWithinLimit } from '@/lib/http/body-limits';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handle = (req: NextRequest, ctx: Ctx) => NextAuth(req, ctx, getAuthOptions());

export const GET = handle;

// Sign-in limits are checked in authorize() (lib/auth/options.ts), whatever the body's form; here the
// body's size (past 16 KB a 413 before next-auth reads it), and a refused sign-in's JSON answer says
// 429 instead of 401 when the limit refused it.
export async function POST(req: NextRequest, ctx: Ctx) {
  const body = await bodyWithinLimit(req, req.nextUrl.pathname);
  if (body instanceof Response) return body;
  const res = await handle(new NextRequest(req.url, { method: req.method, headers: req.headers, body }), ctx);
  if (res.status !== 401 || !(await res.clone().text()).includes('error=RateLimited')) return res;
  return new Response(res.body, { status: 429, headers: res.headers });
}
