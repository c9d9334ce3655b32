import { z } from 'zod';
import { ApiError } from '../api-client';

/** What an admin hands to a player: in the create answer and in `GET /api/lines/{id}`. */
export const lineCredentialsSchema = z.object({
  id: z.string(),
  username: z.string(),
  password: z.string(),
  serverUrl: z.string(),
  playlistUrl: z.string(),
  xmltvUrl: z.string(),
});
export type LineCredentials = z.infer<typeof lineCredentialsSchema>;

const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `GET /api/lines/{id}`: the account with its password and links (admins only). */
export async function fetchLineCredentials(id: string): Promise<LineCredentials> {
  let res: Response;
  try {
    res = await fetch(`/api/lines/${encodeURIComponent(id)}`, { cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const parsed = errorBodySchema.safeParse(body);
    if (parsed.success) throw new ApiError(res.status, parsed.data.error.code, parsed.data.error.message);
    throw new ApiError(res.status, 'http_error', `The server answered with status ${res.status}.`);
  }
  return parseLineCredentials(body);
}

export function parseLineCredentials(body: unknown): LineCredentials {
  const parsed = lineCredentialsSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(200, 'bad_answer', 'The server did not send the password and links.');
  return parsed.data;
}
