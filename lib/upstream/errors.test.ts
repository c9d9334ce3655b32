import { describe, expect, it } from 'vitest';
import { redactCredentials } from './errors';
import { mapNetworkError, parseJsonAnswer, rejectFailureObject, statusError } from './http';

function withCode(message: string, code: string, name = 'Error'): Error {
  const error = Object.assign(new Error(message), { code });
  error.name = name;
  return error;
}

describe('redactCredentials', () => {
  it('masks the password in queries, stream paths, userinfo and as a known secret', () => {
    const text = 'GET http://h:8080/player_api.php?username=u&password=hunter2&action=x and http://h/live/u/hunter2/1.ts and http://u:hunter2@h/ hunter2';
    const out = redactCredentials(text, ['hunter2']);
    expect(out).not.toContain('hunter2');
    expect(out).toContain('password=***&action=x');
    expect(out).toContain('/live/u/***/1.ts');
  });
});

describe('mapNetworkError', () => {
  it.each([
    [withCode('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), 'refused'],
    [withCode('getaddrinfo ENOTFOUND x.invalid', 'ENOTFOUND'), 'dns'],
    [withCode('getaddrinfo EAI_AGAIN x', 'EAI_AGAIN'), 'dns'],
    [withCode('self-signed certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT'), 'tls'],
    [withCode('certificate has expired', 'CERT_HAS_EXPIRED'), 'tls'],
    [withCode('Hostname/IP does not match', 'ERR_TLS_CERT_ALTNAME_INVALID'), 'tls'],
    [withCode('Connect Timeout Error', 'UND_ERR_CONNECT_TIMEOUT'), 'timeout'],
    [withCode('Headers Timeout Error', 'UND_ERR_HEADERS_TIMEOUT'), 'timeout'],
    [withCode('Body Timeout Error', 'UND_ERR_BODY_TIMEOUT'), 'timeout'],
    [withCode('This operation was aborted', 'ABORT_ERR', 'AbortError'), 'timeout'],
    [withCode('read ECONNRESET', 'ECONNRESET'), 'network'],
    [withCode('other side closed', 'UND_ERR_SOCKET'), 'network'],
    [new Error('fetch failed', { cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED') }), 'refused'],
  ])('%s → %s', (error, code) => {
    expect(mapNetworkError(error).code).toBe(code);
  });

  it('never copies a password from the cause into the detail', () => {
    const mapped = mapNetworkError(withCode('failed GET /player_api.php?password=hunter2', 'ECONNRESET'), ['hunter2']);
    expect(mapped.detail).not.toContain('hunter2');
    expect(mapped.message).not.toContain('hunter2');
  });
});

describe('answer classification', () => {
  it('maps statuses', () => {
    expect(statusError(401, '').code).toBe('bad_credentials');
    expect(statusError(403, '<h1>Access denied</h1>').code).toBe('banned');
    expect(statusError(429, '').code).toBe('banned');
    expect(statusError(404, '').code).toBe('not_xtream');
    expect(statusError(502, '')).toMatchObject({ code: 'http_error', retryable: true });
    expect(statusError(400, '')).toMatchObject({ code: 'http_error', retryable: false });
  });

  it('classifies bodies', () => {
    expect(() => parseJsonAnswer('  ', 'application/json')).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => parseJsonAnswer('<html>oops</html>', 'text/html')).toThrow(expect.objectContaining({ code: 'not_xtream' }));
    expect(() => parseJsonAnswer('<html>Access denied</html>', 'text/html')).toThrow(expect.objectContaining({ code: 'banned' }));
    expect(() => parseJsonAnswer('Your IP is blocked', 'text/plain')).toThrow(expect.objectContaining({ code: 'banned' }));
    expect(() => parseJsonAnswer('not json', 'text/plain')).toThrow(expect.objectContaining({ code: 'not_xtream' }));
    expect(parseJsonAnswer('\uFEFF[1]', 'application/json')).toEqual([1]);
    expect(() => rejectFailureObject({ user_info: { auth: 0 } })).toThrow(expect.objectContaining({ code: 'bad_credentials' }));
    expect(() => rejectFailureObject({ user_info: { auth: '0' } })).toThrow(expect.objectContaining({ code: 'bad_credentials' }));
    expect(() => rejectFailureObject({ error: 'Account banned' })).toThrow(expect.objectContaining({ code: 'banned' }));
    expect(() => rejectFailureObject({ user_info: { auth: 1 } })).not.toThrow();
  });
});
