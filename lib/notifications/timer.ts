import { trimAuditLog } from '@/lib/audit/retention';
import { logger } from '@/lib/monitor/logger';
import { shuttingDown } from '@/lib/shutdown';
import { processState } from '@/lib/state';
import { runNotificationChecks } from './run';

const CHECK_MS = 60_000;
const TRIM_EVERY_MS = 3_600_000;

/** Every minute: notification checks; every hour: audit retention. Timers never keep the process alive. */
export function startOperationsTimer(): void {
  processState('operationsTimer', () => {
    let lastTrim = 0;
    const tick = async () => {
      if (shuttingDown()) return;
      try {
        const { sent } = await runNotificationChecks();
        if (sent.length) logger.info({ events: sent.map((e) => e.type) }, 'notifications sent');
        if (Date.now() - lastTrim > TRIM_EVERY_MS) {
          lastTrim = Date.now();
          await trimAuditLog();
        }
      } catch (err) {
        logger.warn({ err: (err as Error).message }, 'operations tick failed');
      }
    };
    setInterval(() => void tick(), CHECK_MS).unref();
    setTimeout(() => void tick(), 20_000).unref();
    return true;
  });
}
