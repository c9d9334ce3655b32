import { notFound } from '@/lib/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Admin entity ids are UUIDs; anything else cannot exist, so it is a 404 (not a database error). */
export function entityId(value: string | string[] | undefined, what: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw notFound(what);
  return value;
}

/** Public ids and category ids are whole numbers; anything else cannot exist, so it is a 404. */
export function numericId(value: string | string[] | undefined, what: string): number {
  if (typeof value !== 'string' || !/^[1-9]\d{0,14}$/.test(value)) throw notFound(what);
  return Number(value);
}
