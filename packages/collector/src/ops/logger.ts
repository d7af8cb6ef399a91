import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (one object per line, to stdout), ready for any log shipper.
 * `VITRINE_LOG_LEVEL` or `--log-level` sets the level; `silent` turns logs off in tests.
 */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { service: 'vitrine-collector' }, timestamp: pino.stdTimeFunctions.isoTime });
}
