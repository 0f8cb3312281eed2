import { z } from 'zod';
import { LANGUAGES, type Language } from '../../shared/ui-language';
import type { Logger } from '../logging/logger';
import { createVersionedJsonFile } from '../storage/versioned-json-file';

/** The version of `alerts.json` this build writes. */
export const ALERTS_FILE_VERSION = 1;

/** Alerts remembered at most: two per company for the 10,000 companies the list can hold. */
export const MAX_REMEMBERED_ALERTS = 20_000;

/** About 40 bytes an alert: 2 MiB is far above any real file. */
export const ALERTS_FILE_MAX_BYTES = 2 * 1024 * 1024;

/** `<tenant id>:<reason>:<deadline or ->`, as main/background/notification-policy.ts writes them. */
const alertKeySchema = z.string().regex(/^[0-9]{1,20}:(reconnect|expiring):([0-9]{1,16}|-)$/);

/**
 * `alerts.json`: which alerts were already shown (no secrets: tenant ids, reasons, deadlines),
 * and the window's language, so notifications shown before the window opens (a start at login)
 * speak it too.
 */
export const alertsDocumentSchema = z.object({
  version: z.literal(ALERTS_FILE_VERSION),
  notified: z.array(alertKeySchema).max(MAX_REMEMBERED_ALERTS),
  language: z.enum(LANGUAGES).nullable(),
});

/** The parsed document. */
export type AlertsDocument = z.infer<typeof alertsDocumentSchema>;

/** What alerts keep between runs. */
export interface AlertState {
  notified: string[];
  language: Language | null;
}

/** Loads and saves the alert state. */
export interface AlertStateStore {
  load(): Promise<AlertState>;
  save(state: AlertState): Promise<void>;
}

/** The alert state in `alerts.json` (atomic writes; an unreadable file is set aside and starts empty). */
export function alertStateFile(options: { filePath: string; now: () => Date; log: Logger }): AlertStateStore {
  const file = createVersionedJsonFile<AlertsDocument>({
    filePath: options.filePath,
    currentVersion: ALERTS_FILE_VERSION,
    schema: alertsDocumentSchema,
    migrations: {},
    empty: () => ({ version: ALERTS_FILE_VERSION, notified: [], language: null }),
    now: options.now,
    log: options.log,
    maxBytes: ALERTS_FILE_MAX_BYTES,
  });
  return {
    load: async () => {
      const { notified, language } = (await file.load()).value;
      return { notified, language };
    },
    save: (state) =>
      file.save({ version: ALERTS_FILE_VERSION, notified: state.notified.slice(0, MAX_REMEMBERED_ALERTS), language: state.language }),
  };
}
