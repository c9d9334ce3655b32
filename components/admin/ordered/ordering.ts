// Pure list helpers for the ordered pickers (bouquet categories, a line's bouquets, category order).

/** `list` with the entry at `from` moved to `to` (both clamped); the same array when nothing moves. */
export function moveTo<T>(list: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= list.length) return [...list];
  const target = Math.max(0, Math.min(list.length - 1, to));
  if (target === from) return [...list];
  const next = [...list];
  const [entry] = next.splice(from, 1);
  next.splice(target, 0, entry);
  return next;
}

/** One step up (-1) or down (+1). */
export const moveBy = <T>(list: readonly T[], index: number, step: -1 | 1): T[] => moveTo(list, index, index + step);

/** Adds `entry` at the end when `on`, removes it otherwise; the order of the others is kept. */
export function toggleIn<T>(list: readonly T[], entry: T, on: boolean, same: (a: T, b: T) => boolean = Object.is): T[] {
  const without = list.filter((x) => !same(x, entry));
  return on ? [...without, entry] : without;
}

/** "12, 15 99" → [12, 15, 99]: whole positive numbers, duplicates dropped; null when a token is not one. */
export function parseIdList(text: string): number[] | null {
  const tokens = text.split(/[\s,;]+/).filter(Boolean);
  const ids: number[] = [];
  for (const t of tokens) {
    if (!/^\d{1,15}$/.test(t)) return null;
    const n = Number(t);
    if (n < 1) return null;
    if (!ids.includes(n)) ids.push(n);
  }
  return ids;
}

/**
 * The position PATCHes that make `order` (the wanted order of a list sorted by position, nulls last)
 * stick: every entry up to the last one that moved gets its index; after it, an entry keeps its
 * position unless that would tie with or precede the one before it. Only positions that change.
 */
export function positionUpdates(order: readonly { id: number; position: number | null }[], previous: readonly number[]): { id: number; position: number }[] {
  let last = -1;
  order.forEach((c, i) => {
    if (previous[i] !== c.id) last = i;
  });
  const out: { id: number; position: number }[] = [];
  let floor = -1;
  for (let i = 0; i < order.length; i++) {
    const { id, position } = order[i];
    if (i > last && (position === null || position > floor)) {
      if (position === null) break;
      floor = position;
      continue;
    }
    const wanted = i <= last ? Math.max(i, floor + 1) : floor + 1;
    if (position !== wanted) out.push({ id, position: wanted });
    floor = wanted;
  }
  return out;
}
