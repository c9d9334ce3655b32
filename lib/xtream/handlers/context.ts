import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the player front parsed out of a request once: the URL's query and the path's parameters. */
export interface PlayerRequestContext {
  query: URLSearchParams;
  /** Path parameters by the names in the route pattern (`u`, `p`, `stream`...), percent-decoded once. */
  params: Record<string, string>;
}

/** A handler of the player surface: plain Node req/res, no framework. */
export type PlayerHandler = (req: IncomingMessage, res: ServerResponse, ctx: PlayerRequestContext) => Promise<void>;

/** A path parameter, else the query parameter of that name, else ''. */
export const paramOf = (ctx: PlayerRequestContext, name: string): string => ctx.params[name] ?? ctx.query.get(name) ?? '';

export function sendText(res: ServerResponse, status: number, message: string): void {
  if (!res.headersSent) res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}
