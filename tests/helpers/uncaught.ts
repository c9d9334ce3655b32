import { logger } from '@/lib/monitor/logger';

/**
 * For a suite that takes a dependency away: from `start()` to `stop()`, every uncaught exception and
 * unhandled rejection lands in `uncaught` (a test expects it empty) and the logger is silent.
 */
export function watchUncaught() {
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);
  let level: typeof logger.level = logger.level;
  return {
    uncaught,
    start() {
      process.on('uncaughtException', onUncaught);
      process.on('unhandledRejection', onUncaught);
      level = logger.level;
      logger.level = 'silent';
    },
    stop() {
      logger.level = level;
      process.off('uncaughtException', onUncaught);
      process.off('unhandledRejection', onUncaught);
    },
  };
}
