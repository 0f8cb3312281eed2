import { z } from 'zod';
import type { Logger } from '../logging/logger';
import type { StorageFs } from './atomic-file';
import { FILE_LIMITS } from './read-bounded-file';
import { createVersionedJsonFile, type VersionedJsonFile } from './versioned-json-file';

/** The current version of `secrets.json`. */
export const SECRETS_FILE_VERSION = 1;

/** `secrets.json`: secret name -> base64 ciphertext from the secret box. Never plaintext. */
export const secretsDocumentSchema = z.object({
  version: z.literal(SECRETS_FILE_VERSION),
  entries: z.record(z.string(), z.string()),
});

/** The parsed contents of `secrets.json`. */
export type SecretsDocument = z.infer<typeof secretsDocumentSchema>;

/** Where the secrets file lives and what it may use. */
export interface SecretsFileOptions {
  filePath: string;
  now: () => Date;
  log: Logger;
  fs?: Partial<StorageFs>;
}

/** Creates the versioned JSON file that holds the vault's ciphertexts. */
export function createSecretsFile(options: SecretsFileOptions): VersionedJsonFile<SecretsDocument> {
  return createVersionedJsonFile<SecretsDocument>({
    ...options,
    currentVersion: SECRETS_FILE_VERSION,
    schema: secretsDocumentSchema,
    migrations: {},
    maxBytes: FILE_LIMITS.secrets,
    empty: () => ({ version: SECRETS_FILE_VERSION, entries: {} }),
  });
}
