import { describe, expect, it } from 'vitest';
import { JsonArrayParser, JsonListSyntaxError } from './json-array-parser';

const tricky = [
  { id: 1, name: 'plain' },
  { id: 2, name: 'quote " and backslash \\ and \\" mixed', nested: { a: [1, { b: '}' }], c: '[' } },
  { id: 3, name: 'ünïcödé — 日本語 😀', list: [[], {}, [[]]] },
  { id: 4, name: '\\', empty: '' },
  [1, 2, '3'],
  'a string element with ] and }',
  42,
  null,
  true,
  { id: 5, escapes: '\n\t\u0001 \u2028' },
];
const text = ` \n[ ${tricky.map((v) => JSON.stringify(v)).join(' ,\n ')} ]\n `;

function parseInChunks(bytes: Buffer, sizes: (i: number) => number): unknown[] {
  const parser = new JsonArrayParser();
  const out: unknown[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i += 1) {
    const size = Math.max(1, sizes(i));
    out.push(...parser.push(bytes.subarray(offset, offset + size)));
    offset += size;
  }
  parser.finish();
  return out;
}

describe('JsonArrayParser', () => {
  const bytes = Buffer.from(text, 'utf8');

  it('parses a list in one chunk', () => {
    expect(parseInChunks(bytes, () => bytes.length)).toEqual(tricky);
  });

  it('parses the same list split at every possible byte (including inside UTF-8 sequences)', () => {
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const parser = new JsonArrayParser();
      const out = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
      parser.finish();
      expect(out).toEqual(tricky);
    }
  });

  it('parses byte by byte and in uneven chunks', () => {
    expect(parseInChunks(bytes, () => 1)).toEqual(tricky);
    expect(parseInChunks(bytes, (i) => (i * 7) % 13)).toEqual(tricky);
  });

  it('accepts an empty list and a byte order mark', () => {
    expect(parseInChunks(Buffer.from('\uFEFF[]'), () => 1)).toEqual([]);
    expect(parseInChunks(Buffer.from('[ ]'), () => 2)).toEqual([]);
  });

  it('rejects a list cut short, a non-list, and trailing garbage', () => {
    expect(() => parseInChunks(Buffer.from('[{"a":1},{"b"'), () => 4)).toThrow(JsonListSyntaxError);
    expect(() => new JsonArrayParser().push(Buffer.from('{"a":1}'))).toThrow(JsonListSyntaxError);
    expect(() => parseInChunks(Buffer.from('[1] x'), () => 10)).toThrow(JsonListSyntaxError);
    expect(() => parseInChunks(Buffer.from('[{"a":}]'), () => 10)).toThrow(JsonListSyntaxError);
  });

  it('holds at most one element in memory', () => {
    const row = JSON.stringify({ id: 1, name: 'x'.repeat(500) });
    const list = Buffer.from(`[${Array.from({ length: 2000 }, () => row).join(',')}]`);
    const parser = new JsonArrayParser();
    let count = 0;
    for (let offset = 0; offset < list.length; offset += 4096) count += parser.push(list.subarray(offset, offset + 4096)).length;
    parser.finish();
    expect(count).toBe(2000);
    expect(parser.maxBufferedBytes).toBeLessThanOrEqual(row.length);
  });

  it('refuses an element larger than its limit', () => {
    const parser = new JsonArrayParser(100);
    expect(() => parser.push(Buffer.from(`[{"a":"${'x'.repeat(200)}`))).toThrow(/larger than/);
  });
});
