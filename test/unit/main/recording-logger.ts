import { createLogger, formatLogRecord, type Logger, type LogRecord } from '../../../main/logging/logger';

/** A real (redacting) logger whose records land in an array. */
export function recordingLogger(): { log: Logger; records: LogRecord[]; text: () => string } {
  const records: LogRecord[] = [];
  const log = createLogger((record) => records.push(record), () => new Date(Date.UTC(2025, 0, 15)));
  return { log, records, text: () => records.map(formatLogRecord).join('\n') };
}
