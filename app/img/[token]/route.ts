import type { NextRequest } from 'next/server';
import { artworkResponse } from '@/lib/artwork/serve-artwork';

export const dynamic = 'force-dynamic';

// Artwork through the panel: signed links only (see lib/artwork/token.ts), so no session is needed.
export async function GET(_req: NextRequest, ctx: { params: Promise<{ token: string }> }) {
  return artworkResponse((await ctx.params).token);
}
