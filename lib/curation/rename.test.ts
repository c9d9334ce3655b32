import { describe, expect, test } from 'vitest';
import { compileRename, renamePatternProblem, renameWith } from './rename';

describe('rename rules', () => {
  test('strip a country prefix and a quality tag, in order, spaces tidied', () => {
    const rules = [
      compileRename({ pattern: '^(UK|US): ', replacement: '', scope: 'item', type: 'live', upstreamId: null })!,
      compileRename({ pattern: '\\|HD\\|', replacement: '', scope: 'item', type: null, upstreamId: null })!,
    ];
    expect(renameWith(rules, 'item', 'live', 'u1', 'UK: BBC One |HD| London')).toBe('BBC One London');
    // the first rule is for live only; the second for every type
    expect(renameWith(rules, 'item', 'vod', 'u1', 'UK: Film |HD|')).toBe('UK: Film');
    expect(renameWith(rules, 'category', 'live', 'u1', 'UK: News')).toBe('UK: News');
  });

  test('a rule of one upstream leaves the others alone; groups are referenced with $1', () => {
    const rule = compileRename({ pattern: '^(.{1,40}) \\((\\d{4})\\)$', replacement: '$1 [$2]', scope: 'item', type: 'movie', upstreamId: 'a' })!;
    expect(renameWith([rule], 'item', 'vod', 'a', 'Alien (1979)')).toBe('Alien [1979]');
    expect(renameWith([rule], 'item', 'vod', 'b', 'Alien (1979)')).toBe('Alien (1979)');
  });

  test('a rule that would leave nothing keeps the name', () => {
    const rule = compileRename({ pattern: '.{1,500}', replacement: '', scope: 'item', type: null, upstreamId: null })!;
    expect(rule.apply('Anything')).toBe('Anything');
  });

  test('catastrophic-backtracking and invalid patterns are refused with a reason', () => {
    expect(renamePatternProblem('(a+)+$')).toMatch(/repeat inside a repeat/);
    expect(renamePatternProblem('(')).toMatch(/not a valid regular expression/);
    expect(renamePatternProblem('^UK: ')).toBeNull();
    expect(compileRename({ pattern: '(a|ab)*c', replacement: '', scope: 'item', type: null, upstreamId: null })).toBeNull();
  });
});
