import { describe, expect, test } from 'vitest';
import { safeCallbackPath } from './callback-url';

describe('safeCallbackPath', () => {
  test('keeps a path on this site, with its query', () => {
    expect(safeCallbackPath('/lines?page=2')).toBe('/lines?page=2');
    expect(safeCallbackPath('/')).toBe('/');
  });

  test.each([
    ['/\t/evil.example'],
    [decodeURIComponent('/%09/evil.example')],
    ['/\n/evil.example'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['/ /evil.example'],
    ['https://evil.example/'],
    ['javascript:alert(1)'],
    ['evil.example'],
    [''],
    [null],
  ])('sends %j to /', (raw) => {
    expect(safeCallbackPath(raw)).toBe('/');
  });
});
