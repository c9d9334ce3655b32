import type { NextRequest } from 'next/server';
import { artworkResponse } from '@/lib/artwork/serve-artwork';

export const dynamic = 'force-dynamic';

// Artwork through the panel: signed links only (see lib/artwork/token.ts), so no session is needed.
// `?w=` asks for a thumbnail of one of the offered widths.
export async function GET(req: NextRequest, ctx: { params: Promise<{ token: string }> }) {
  return artworkResponse((await ctx.params).token, req.nextUrl.searchParams.get('w'));
}
