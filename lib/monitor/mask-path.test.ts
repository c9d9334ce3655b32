import { describe, expect, test } from 'vitest';
import { maskRequestPath } from './mask-path';

describe('maskRequestPath', () => {
  test('masks the password segment of stream paths, bare paths included', () => {
    expect(maskRequestPath('/live/joe/s3cret/12.ts', ['s3cret'])).toBe('/live/joe/***/12.ts');
    expect(maskRequestPath('/joe/s3cret/12', ['s3cret'])).toBe('/joe/***/12');
  });

  test('masks password parameters whatever their value, and any value equal to the password', () => {
    expect(maskRequestPath('/get.php?username=joe&password=x&type=m3u', [])).toBe('/get.php?username=joe&password=***&type=m3u');
    expect(maskRequestPath('/player_api.php?username=joe&pwd=s3cret&other=s3cret', ['s3cret'])).toBe('/player_api.php?username=joe&pwd=***&other=***');
  });

  test('masks an encoded or repeated password anywhere else', () => {
    expect(maskRequestPath('/x?note=my%40pass.word-here', ['my@pass.word'])).not.toContain('pass.word');
    expect(maskRequestPath('/x/abc-s3cret-def', ['s3cret'])).toBe('/x/abc-***-def');
  });

  test('masks HLS tokens, keeping the extension', () => {
    expect(maskRequestPath('/hls/v1.AbC-d_e.f0.Zz.ts', [])).toBe('/hls/***.ts');
    expect(maskRequestPath('/hls/v1.AbC.f0.Zz.m3u8?x=1', [])).toBe('/hls/***.m3u8?x=1');
    // the hub's segments: /hls/{id}~{token}/{seq}.ts
    expect(maskRequestPath('/hls/42~v1.AbC-d_e.f0.Zz/17.ts', [])).toBe('/hls/***/17.ts');
  });
});
