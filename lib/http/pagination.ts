import { z } from 'zod';
import { parseInput } from './validate';

const pageQuery = z.object({
  page: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
  pageSize: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(500, 'must be at most 500').default(50),
});

/** `?page=&pageSize=` per API.md: page from 1, pageSize 50 by default, more than 500 is a 400. */
export function parsePage(url: URL): { page: number; pageSize: number } {
  return parseInput(pageQuery, { page: url.searchParams.get('page') ?? undefined, pageSize: url.searchParams.get('pageSize') ?? undefined });
}
