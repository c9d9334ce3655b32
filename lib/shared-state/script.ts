import crypto from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';

type Arg = string | number;

/** A Lua script run by its SHA (EVALSHA), sent whole only when the server does not know it yet. */
export class RedisScript {
  readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = crypto.createHash('sha1').update(lua).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: Arg[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!isNoScript(err)) throw err;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }

  /** In a pipeline; a NOSCRIPT answer there means `load` first and try again next time. */
  queue(pipeline: ChainableCommander, keys: string[], args: Arg[]): ChainableCommander {
    return pipeline.evalsha(this.sha, keys.length, ...keys, ...args);
  }

  async load(redis: Redis): Promise<void> {
    await redis.script('LOAD', this.lua);
  }
}

export const isNoScript = (err: unknown) => err instanceof Error && err.message.includes('NOSCRIPT');
