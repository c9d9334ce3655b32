import { z } from 'zod';

// Shared by the schemas that pages and API routes both use. Imports only zod.

/** A trimmed http(s) URL with a host, at most `max` characters. */
export const httpUrlOf = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine((v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'http:' || u.protocol === 'https:') && Boolean(u.hostname);
      } catch {
        return false;
      }
    }, 'must be an http(s) URL');
