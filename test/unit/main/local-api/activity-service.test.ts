import { describe, expect, it } from 'vitest';
import { activityExportResultSchema, activityKeysSchema, invokeContract } from '../../../../shared/ipc-contract';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { ToolKeyRecord } from '../../../../shared/local-api-keys';
import { createActivityService } from '../../../../main/local-api/activity-service';
import type { SaveFilePort } from '../../../../main/storage/save-file-port';
import { recordingLogger } from '../recording-logger';
import { recordingSaveFile } from '../storage/recording-save-file';

const KEY: ToolKeyRecord = {
  id: 'key_00000000000000aa',
  name: 'Power BI',
  companies: 'all',
  right: 'read',
  sha256: 'a'.repeat(64),
  createdAt: 0,
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
};

function service(save: SaveFilePort = recordingSaveFile()) {
  const logger = recordingLogger();
  return {
    logger,
    activity: createActivityService({
      audit: {
        query: () => Promise.resolve({ entries: [], nextCursor: null, damaged: 0 }),
        companies: () => Promise.resolve([{ tenantId: '303', name: 'Gamla Bolaget AB' }, { tenantId: '404', name: null }]),
      },
      keys: () => [KEY, { ...KEY, id: 'key_00000000000000bb', name: 'Gammal', revokedAt: 5 }],
      companyName: () => null,
      save,
      now: () => 0,
      log: logger.log,
    }),
  };
}

describe('the Activity view in main', () => {
  it('lists keys to filter by with id, name and whether revoked, never their hash, and the companies seen in the log', async () => {
    const keys = await service().activity.keys();

    expect(keys).toEqual({
      keys: [
        { id: 'key_00000000000000aa', name: 'Power BI', revoked: false },
        { id: 'key_00000000000000bb', name: 'Gammal', revoked: true },
      ],
      companies: [
        { tenantId: '303', name: 'Gamla Bolaget AB' },
        { tenantId: '404', name: null },
      ],
    });
    expect(activityKeysSchema.parse(keys)).toEqual(keys);
    expect(JSON.stringify(keys)).not.toContain('aaaaaaaa');
  });

  it('answers a save that failed as failed, and logs it without the path', async () => {
    const { activity, logger } = service({
      save: () => Promise.reject(Object.assign(new Error('EACCES: permission denied, open /home/anna/secret.csv'), { code: 'EACCES' })),
    });

    const result = await activity.exportCsv({}, 'sv');

    expect(activityExportResultSchema.parse(result)).toEqual({ saved: false, rows: 0, truncated: false, failed: true });
    expect(logger.text()).toContain('activity export could not be written');
    expect(logger.text()).not.toContain('/home/anna');
  });

  it('refuses a page request whose cursor names anything but an audit file, or asks for too many entries', () => {
    const args = invokeContract[INVOKE_CHANNELS.queryActivity].args;

    expect(args.safeParse({ filter: {}, limit: 200, cursor: 'audit-2026-03-10.jsonl:17' }).success).toBe(true);
    expect(args.safeParse({ filter: {}, limit: 200, cursor: '../../secrets.json:1' }).success).toBe(false);
    expect(args.safeParse({ filter: {}, limit: 200, cursor: 'audit-2026-03-10.jsonl/../../x:1' }).success).toBe(false);
    expect(args.safeParse({ filter: {}, limit: 501 }).success).toBe(false);
    expect(args.safeParse({ filter: { tenantId: '101; rm' }, limit: 10 }).success).toBe(false);
  });
});
