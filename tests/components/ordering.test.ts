import { describe, expect, it } from 'vitest';
import { moveBy, moveTo, parseIdList, positionUpdates, toggleIn } from '@/components/admin/ordered/ordering';

describe('ordered picker helpers', () => {
  it('moves an entry to another index, clamped, keeping the others in order', () => {
    expect(moveTo(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveTo(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveTo(['a', 'b', 'c'], 1, 99)).toEqual(['a', 'c', 'b']);
    expect(moveTo(['a', 'b', 'c'], 5, 0)).toEqual(['a', 'b', 'c']);
  });

  it('steps up and down, and stays put at the ends', () => {
    expect(moveBy(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveBy(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveBy(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveBy(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('toggles an entry: added at the end, removed without reordering the rest', () => {
    const same = (x: { id: number }, y: { id: number }) => x.id === y.id;
    expect(toggleIn([{ id: 1 }, { id: 2 }], { id: 3 }, true, same)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(toggleIn([{ id: 1 }, { id: 2 }, { id: 3 }], { id: 2 }, false, same)).toEqual([{ id: 1 }, { id: 3 }]);
    expect(toggleIn([1, 2], 2, true)).toEqual([1, 2]);
  });

  it('reads a list of public ids, refusing anything that is not one', () => {
    expect(parseIdList(' 12, 15 99;12 ')).toEqual([12, 15, 99]);
    expect(parseIdList('')).toEqual([]);
    expect(parseIdList('12, abc')).toBeNull();
    expect(parseIdList('0')).toBeNull();
    expect(parseIdList('-4')).toBeNull();
  });

  it('numbers categories up to the last one moved, and no further', () => {
    const cats = (ps: (number | null)[]) => ps.map((position, i) => ({ id: 10 + i, position }));
    // Nothing numbered yet: move the 3rd of 5 to the top.
    const before = cats([null, null, null, null, null]);
    const order = moveTo(before, 2, 0);
    expect(positionUpdates(order, before.map((c) => c.id))).toEqual([
      { id: 12, position: 0 },
      { id: 10, position: 1 },
      { id: 11, position: 2 },
    ]);
    // Already numbered: only the two swapped change.
    const numbered = cats([0, 1, 2, 3]);
    expect(positionUpdates(moveBy(numbered, 2, 1), numbered.map((c) => c.id))).toEqual([
      { id: 13, position: 2 },
      { id: 12, position: 3 },
    ]);
    // A tie after the moved block is pushed past it so the order holds.
    const tied = cats([0, 1, 1, 1]);
    expect(positionUpdates(moveBy(tied, 0, 1), tied.map((c) => c.id))).toEqual([
      { id: 11, position: 0 },
      { id: 10, position: 1 },
      { id: 12, position: 2 },
      { id: 13, position: 3 },
    ]);
    expect(positionUpdates(numbered, numbered.map((c) => c.id))).toEqual([]);
  });
});
