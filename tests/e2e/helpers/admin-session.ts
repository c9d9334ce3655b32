/** Signs in over plain HTTP the way any script would (csrf, then the credentials callback); returns the cookie header. */
export async function adminCookie(base: string, admin: { username: string; password: string }): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
    body: new URLSearchParams({ csrfToken, username: admin.username, password: admin.password, json: 'true' }),
  });
  jar.push(...res.headers.getSetCookie().map((c) => c.split(';')[0]));
  return jar.join('; ');
}
