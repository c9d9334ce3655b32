import type { ServerOptions } from 'node:http';

// The request limits of the panel's one HTTP server (players and admin alike), in one place. Admin
// body sizes per route live in ./body-limits.

/** A player POST (player_api.php, panel_api.php, get.php, xmltv.php form bodies): 413 past this. */
export const PLAYER_POST_MAX_BYTES = 64 * 1024;

/**
 * Node's server options that end slow clients. `headersTimeout` bounds the request head and
 * `requestTimeout` the whole request (head and body): both stop counting once the request has been
 * received, so an endless stream answer is never cut (checked: a 3 s stream under a 1 s requestTimeout
 * ends whole; a client still sending its body is closed). Connections are checked every
 * `connectionsCheckingInterval`, so a slow client is closed within the timeout plus that interval.
 */
export const SERVER_LIMITS: ServerOptions = {
  headersTimeout: 15_000,
  requestTimeout: 30_000,
  connectionsCheckingInterval: 2_000,
};
