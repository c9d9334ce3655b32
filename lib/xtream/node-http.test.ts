import { describe, expect, test } from 'vitest';
import { multipartFields } from './node-http';

const body = (boundary: string, parts: string[]) => `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`;

describe('multipart/form-data player_api bodies', () => {
  test('text fields are read like a form body; file parts are ignored', () => {
    const b = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const text = body(b, [
      'Content-Disposition: form-data; name="username"\r\n\r\nviewer.one',
      'Content-Disposition: form-data; name="password"\r\n\r\npw:with;odd=chars',
      'Content-Disposition: form-data; name="note"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nfile body',
      'Content-Disposition: form-data; name="action"\r\n\r\nget_live_streams',
    ]);
    expect(multipartFields(text, `multipart/form-data; boundary=${b}`)).toEqual({ username: 'viewer.one', password: 'pw:with;odd=chars', action: 'get_live_streams' });
  });

  test('a quoted boundary, and no boundary at all', () => {
    const text = body('abc', ['Content-Disposition: form-data; name="username"\r\n\r\nu']);
    expect(multipartFields(text, 'multipart/form-data; boundary="abc"')).toEqual({ username: 'u' });
    expect(multipartFields(text, 'multipart/form-data')).toEqual({});
  });
});
