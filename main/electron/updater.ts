/**
 * Loads electron-updater only for packaged builds that have a publish target: electron-builder
 * writes `app-update.yml` into the resources folder exactly when `publish` is configured.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger';
import type { UpdaterPort } from '../updates/update-service';

/** The updater, or undefined when updates are off (development, or no publish target). */
export function loadUpdater(packaged: boolean, resourcesPath: string, log: Logger): UpdaterPort | undefined {
  if (!packaged) return undefined;
  if (!existsSync(path.join(resourcesPath, 'app-update.yml'))) {
    log.info('updates are off: this build has no publish target');
    return undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { autoUpdater } = require('electron-updater') as { autoUpdater: UpdaterPort };
  return autoUpdater;
}
