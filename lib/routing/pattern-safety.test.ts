import { describe, expect, test } from 'vitest';
import { unsafePatternReason } from './pattern-safety';

describe('unsafePatternReason', () => {
  test.each(['(a+)+', '(a*)*b', '(\\w+\\s?)*$', '(?:x+y?)+', '(a|a)*', '(a|ab)*c', '(.|x)+', '^(\\d|\\d\\d)+$', '(a{1,5}){2,}', '.*a.*b.*c.*d'])('refuses %s', (src) => {
    expect(unsafePatternReason(src)).not.toBeNull();
  });

  test.each(['^HD ', 'sport.*live', '^(HD|FHD|UHD) ', '(foo|bar)+', '[A-Z]{2}\\|', '^\\d+ - .*$', '(ab)+c', '^(?:US|UK): .*'])('accepts %s', (src) => {
    expect(unsafePatternReason(src)).toBeNull();
  });

  test('case-insensitive alternatives that differ only in case overlap', () => {
    expect(unsafePatternReason('(a|A)+', false)).toBeNull();
    expect(unsafePatternReason('(a|A)+', true)).not.toBeNull();
  });
});
