import { describe, expect, test } from 'vitest';
import { MASK, maskSecrets, maskString } from './audit-mask';

describe('audit masking', () => {
  test('secret keys are masked, and their values are struck wherever else they appear', () => {
    const [input, after] = maskSecrets(
      { username: 'alice', password: 'S3cret-pw' },
      { id: 'x', links: { m3u: 'http://panel/get.php?username=alice&password=S3cret-pw', live: 'http://panel/live/alice/S3cret-pw/1.ts' }, note: 'pw is S3cret-pw' },
    );
    expect(input).toEqual({ username: 'alice', password: MASK });
    expect(JSON.stringify(after)).not.toContain('S3cret-pw');
    expect((after as { note: string }).note).toBe(`pw is ${MASK}`);
  });

  test('credentials inside URLs are cut even when no key named them', () => {
    expect(maskString('http://bob:hunter22@media.example/film.mp4')).toBe(`http://${MASK}@media.example/film.mp4`);
    expect(maskString('http://p/get.php?username=u&password=abc&type=m3u')).toBe(`http://p/get.php?username=u&password=${MASK}&type=m3u`);
    expect(maskString('http://p/movie/u/pw123/7.mkv')).toBe(`http://p/movie/u/${MASK}/7.mkv`);
    expect(maskString('https://discord.com/api/webhooks/123/abcDEF')).toBe(`https://discord.com/api/webhooks/123/${MASK}`);
    expect(maskString('https://hooks.slack.com/services/T0/B0/xyz')).toBe(`https://hooks.slack.com/services/${MASK}`);
  });

  test('URLs the admin enters keep no query value or user-info, here or anywhere else in the row', () => {
    const [input, after] = maskSecrets(
      { name: 'M3U', playlistUrl: 'http://iptv.example/list.m3u?k=Zq81x7Tk&fmt=ts', epgUrl: 'http://guide:Gu1dePw@epg.example/g.xml' },
      { id: 'u1', echo: 'fetched http://iptv.example/list.m3u?k=Zq81x7Tk' },
    );
    const text = JSON.stringify([input, after]);
    for (const secret of ['Zq81x7Tk', 'Gu1dePw']) expect(text).not.toContain(secret);
    expect((input as { playlistUrl: string }).playlistUrl).toBe(`http://iptv.example/list.m3u?k=${MASK}&fmt=${MASK}`);
  });

  test('names, numbers and empty secrets stay as they are', () => {
    const [v] = maskSecrets({ name: 'Main', priority: 5, password: '', passwordHash: null, tokens: 3 });
    expect(v).toEqual({ name: 'Main', priority: 5, password: '', passwordHash: null, tokens: MASK });
  });
});
