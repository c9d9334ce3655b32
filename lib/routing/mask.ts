/**
 * A stream URL fit for the API and logs: the user and password path segments of an Xtream URL
 * (`/live/user/pass/1.ts`), `username=` and `password=` query values and `user:pass@` are ***.
 */
export function maskStreamUrl(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@?#]*@/i, '$1***@')
    .replace(/([?&](?:password|pass|username|user|token)=)[^&#]*/gi, '$1***')
    .replace(/\/(live|movie|series|timeshift)\/[^/?#]+\/[^/?#]+\//i, '/$1/***/***/');
}
