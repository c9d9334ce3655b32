import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { getAuthOptions } from '@/lib/auth/options';
import { adminLoginKey, adminLoginLimiter } from '@/lib/auth/failure-limiter';
import { clientIp } from '@/lib/auth/client-ip';

export const dynamic = 'force-dynamic';

type Ctx = { params: Promise<{ nextauth: string[] }> };

const handle = (req: NextRequest, ctx: Ctx) => NextAuth(req, ctx, getAuthOptions());

export const GET = handle;

// A username that failed 5 times from one IP is refused for 15 minutes before the password is checked.
export async function POST(req: NextRequest, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join('/') === 'callback/credentials') {
    const form = await req.clone().formData().catch(() => undefined);
    const username = String(form?.get('username') ?? '');
    const waitMs = adminLoginLimiter.blockedFor(adminLoginKey(clientIp(req.headers), username));
    if (waitMs > 0) {
      const url = new URL('/login?error=RateLimited', req.nextUrl.origin).toString();
      return Response.json(
        { url, error: { code: 'rate_limited', message: 'Too many failed sign-in attempts; try again later' } },
        { status: 429, headers: { 'retry-after': String(Math.ceil(waitMs / 1000)) } },
      );
    }
  }
  return handle(req, ctx);
}
