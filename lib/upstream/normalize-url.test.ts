import { describe, expect, it } from 'vitest';
import { InvalidServerUrlError } from './errors';
import { normalizeServerUrl } from './normalize-url';

describe('normalizeServerUrl', () => {
  it.each([
    ['http://h:8080', 'http://h:8080'],
    ['  http://h:8080/  ', 'http://h:8080'],
    ['h.example.org:8080', 'http://h.example.org:8080'],
    ['h.example.org', 'http://h.example.org'],
    ['https://h.example.org/', 'https://h.example.org'],
    ['http://h:8080/player_api.php', 'http://h:8080'],
    ['http://h:8080/player_api.php?username=u&password=p', 'http://h:8080'],
    ['http://h:8080/get.php?username=u&password=p&type=m3u_plus', 'http://h:8080'],
    ['http://h:8080/panel_api.php', 'http://h:8080'],
    ['http://h:8080/sub/player_api.php', 'http://h:8080/sub'],
    ['http://h:8080/sub/', 'http://h:8080/sub'],
    ['http://h:8080/a/b//', 'http://h:8080/a/b'],
    ['http://h:8080/#frag', 'http://h:8080'],
    ['HTTP://H.Example.org:80/', 'http://h.example.org'],
    ['http://u:secret@h:8080/player_api.php', 'http://h:8080'],
    ['10.0.0.5:25461/player_api.php', 'http://10.0.0.5:25461'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeServerUrl(input)).toBe(expected);
  });

  it.each(['ftp://h/', 'rtmp://h:1935', 'javascript:alert(1)', '', '   ', 'http://'])('rejects %j', (input) => {
    expect(() => normalizeServerUrl(input)).toThrow(InvalidServerUrlError);
  });
});
