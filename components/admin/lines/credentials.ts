import { z } from 'zod';
import { ApiError, callApi } from '../api-client';

/** What an admin hands to a player: in the create answer and in `GET /api/lines/{id}`. */
export const lineCredentialsSchema = z.object({
  id: z.string(),
  username: z.string(),
  password: z.string(),
  serverUrl: z.string(),
  playlistUrl: z.string(),
  xmltvUrl: z.string(),
  hdhrUrl: z.string().optional(),
});
export type LineCredentials = z.infer<typeof lineCredentialsSchema>;

/** `GET /api/lines/{id}`: the account with its password and links (admins only). */
export async function fetchLineCredentials(id: string): Promise<LineCredentials> {
  return parseLineCredentials(await callApi(`/api/lines/${encodeURIComponent(id)}`));
}

export function parseLineCredentials(body: unknown): LineCredentials {
  const parsed = lineCredentialsSchema.safeParse(body);
  if (!parsed.success) throw new ApiError(200, 'bad_answer', 'The server did not send the password and links.');
  return parsed.data;
}
