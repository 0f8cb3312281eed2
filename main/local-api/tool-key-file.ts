import { z } from 'zod';
import { toolKeyRecordSchema } from '../../shared/local-api-keys';
import { MAX_TOOL_KEYS } from '../../shared/tool-key-rules';
import type { Logger } from '../logging/logger';
import { createVersionedJsonFile, type VersionedJsonFile } from '../storage/versioned-json-file';
import type { SignedToolKeyFile, SignedToolKeyRecord } from './signed-tool-key-store';

/** The version of `tool-keys.json` this build writes. */
export const TOOL_KEYS_FILE_VERSION = 1;

/** At most `MAX_TOOL_KEYS` keys are kept (shared with the Tools view); a file past `TOOL_KEYS_FILE_MAX_BYTES` is refused unread. */
export { MAX_TOOL_KEYS };

/** About 400 bytes a key plus up to 10,000 listed companies on a few: 8 MiB is far above any real file. */
export const TOOL_KEYS_FILE_MAX_BYTES = 8 * 1024 * 1024;

/** `tool-keys.json`: key records (SHA-256 only, never a key). */
export const toolKeysDocumentSchema = z.object({
  version: z.literal(TOOL_KEYS_FILE_VERSION),
  /** `mac`: the record's HMAC-SHA-256 (main/local-api/signed-tool-key-store.ts); absent in files of older builds. */
  keys: z.array(toolKeyRecordSchema.extend({ mac: z.string().regex(/^[0-9a-f]{64}$/).optional() })).max(MAX_TOOL_KEYS),
});

/** The stored document. */
export type ToolKeysDocument = z.infer<typeof toolKeysDocumentSchema>;

/** Where and how the file is kept. */
export interface ToolKeyFileOptions {
  filePath: string;
  now: () => Date;
  log: Logger;
}

/**
 * The tool keys in a versioned JSON file (atomic, serialized saves; a damaged file moved aside,
 * a newer one left untouched: see main/storage/versioned-json-file.ts). No key is in it, only
 * SHA-256 hashes, so it needs no encryption; but anything this user runs can edit it, so each
 * record is authenticated by an HMAC (main/local-api/signed-tool-key-store.ts wraps this file).
 */
export function toolKeyFileStore(options: ToolKeyFileOptions): SignedToolKeyFile {
  const file: VersionedJsonFile<ToolKeysDocument> = createVersionedJsonFile({
    filePath: options.filePath,
    currentVersion: TOOL_KEYS_FILE_VERSION,
    schema: toolKeysDocumentSchema,
    migrations: {},
    empty: () => ({ version: TOOL_KEYS_FILE_VERSION, keys: [] }),
    now: options.now,
    log: options.log,
    maxBytes: TOOL_KEYS_FILE_MAX_BYTES,
  });
  return {
    load: async () => (await file.load()).value.keys,
    save: (records: readonly SignedToolKeyRecord[]) => file.save({ version: TOOL_KEYS_FILE_VERSION, keys: [...records] }),
  };
}
