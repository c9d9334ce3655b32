import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getEnv } from '@/lib/env';

/** The request header the root layout reads the script nonce from (any client value is replaced). */
export const NONCE_HEADER = 'x-nonce';

/**
 * The policy the pages run under: scripts only with this response's nonce (Next puts it on its own
 * scripts when it finds it in the request's Content-Security-Policy header; 'strict-dynamic' lets
 * them load the chunks), no framing, no plugins. Styles stay 'unsafe-inline': Radix and sonner set
 * style attributes, which a nonce cannot cover. Provider logos come from any host.
 */
export function contentSecurityPolicy(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    // next dev (server/main.ts runs it too) evaluates code for hot reload
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${getEnv().NODE_ENV === 'production' ? '' : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    'img-src * data: blob:',
    "font-src 'self' data:",
    "connect-src 'self'",
    // The admin preview plays through Media Source Extensions (mpegts.js): the video's source is a blob: URL.
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

const isHttps = () => /^https:/i.test(getEnv().PUBLIC_URL ?? '');

/** The headers every page and admin API answer carries (the CSP aside). */
export function securityHeaders(): Record<string, string> {
  return {
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    // Stream URLs carry player passwords: never leak the panel's URLs to other sites.
    'Referrer-Policy': 'no-referrer',
    ...(isHttps() ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * Called by the node:http server for every request it hands to Next: a fresh nonce in the request's
 * Content-Security-Policy header (where Next looks for it) and in `x-nonce` (for the layout), and the
 * security headers on the response.
 */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse): void {
  const nonce = crypto.randomBytes(16).toString('base64');
  const csp = contentSecurityPolicy(nonce, isHttps());
  req.headers['content-security-policy'] = csp;
  req.headers[NONCE_HEADER] = nonce;
  res.setHeader('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(securityHeaders())) res.setHeader(name, value);
}
