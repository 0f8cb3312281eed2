import type { Logger } from '../logging/logger';
import type { SecretBox, SecretBoxUnavailableReason } from './secret-box';
import { SECRETS_FILE_VERSION, type SecretsDocument } from './secrets-file';
import type { LoadProblem, VersionedJsonFile } from './versioned-json-file';

/**
 * Where secrets live this session: encrypted on disk, or only in memory because the OS offers no
 * real encryption (then nothing secret is written, and the UI should say secrets will not be kept).
 */
export type VaultStatus =
  | { mode: 'encrypted'; fileProblem?: LoadProblem }
  | { mode: 'memory'; reason: SecretBoxUnavailableReason };

/** Named secrets (`clientSecret`, `tokens:<tenantId>`), encrypted at rest. */
export interface SecretVault {
  init(): Promise<VaultStatus>;
  get(name: string): Promise<string | undefined>;
  /**
   * What `get` would give, synchronously; undefined also before `init()` has finished. For the local
   * API's cached-token answer, which is answered without waiting on anything.
   */
  peek?(name: string): string | undefined;
  /** Resolves only once the value is durably on disk (encrypted mode). */
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  names(): string[];
  /** Entries on disk that failed to decrypt; kept untouched, never deleted by the vault. */
  undecryptable(): string[];
}

/** What the vault is built from. */
export interface SecretVaultOptions {
  box: SecretBox;
  file: VersionedJsonFile<SecretsDocument>;
  log: Logger;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9:._@-]{0,199}$/;

/** Throws on a name that could not be a plain JSON key or that is absurdly long. */
function checkName(name: string): void {
  if (!NAME.test(name)) throw new TypeError('Invalid secret name');
}

/** Builds the on-disk document from ciphertexts (`fromEntries` defines keys; no prototype setters). */
function documentOf(ciphers: ReadonlyMap<string, string>): SecretsDocument {
  return { version: SECRETS_FILE_VERSION, entries: Object.fromEntries(ciphers) };
}

/** Creates the vault; call `init` once before anything else. Values are never logged. */
export function createSecretVault({ box, file, log }: SecretVaultOptions): SecretVault {
  const plain = new Map<string, string>();
  let ciphers = new Map<string, string>();
  const broken = new Set<string>();
  let initializing: Promise<VaultStatus> | undefined;
  /** Set once `init()` has finished: from then on `plain` is what `get` reads. */
  let initialized = false;
  // Mutations run one at a time so a slow encrypt cannot let an older value land last.
  let chain: Promise<unknown> = Promise.resolve();

  const serialize = <R>(task: () => Promise<R>): Promise<R> => {
    const run = chain.then(task);
    chain = run.catch(() => undefined);
    return run;
  };

  const ready = async (): Promise<VaultStatus> => {
    if (!initializing) throw new Error('The secret vault is used before init()');
    return initializing;
  };

  /** Re-encrypts entries whose key was rotated and saves them; on failure the old ciphertexts stay. */
  const reEncrypt = async (names: string[]) => {
    const next = new Map(ciphers);
    try {
      for (const name of names) next.set(name, await box.encrypt(plain.get(name) ?? ''));
      await file.save(documentOf(next));
      ciphers = next;
      log.info('Re-encrypted stored secrets after a key change', { count: names.length });
    } catch (error) {
      log.warn('Could not re-encrypt stored secrets; will try again next start', { count: names.length, error: (error as Error).name });
    }
  };

  const start = async (): Promise<VaultStatus> => {
    const availability = await box.availability();
    if (!availability.available) {
      log.warn('OS encryption is unavailable; secrets are kept in memory for this session only', { reason: availability.reason });
      return { mode: 'memory', reason: availability.reason };
    }
    const loaded = await file.load();
    const stale: string[] = [];
    for (const [name, cipher] of Object.entries(loaded.value.entries)) {
      ciphers.set(name, cipher);
      try {
        const opened = await box.decrypt(cipher);
        plain.set(name, opened.value);
        if (opened.shouldReEncrypt) stale.push(name);
      } catch {
        broken.add(name);
      }
    }
    if (broken.size > 0) log.warn('Some stored secrets could not be decrypted; they are kept as they are', { count: broken.size });
    if (stale.length > 0) await reEncrypt(stale);
    log.info('Secret vault ready', { mode: 'encrypted', backend: availability.backend, count: plain.size });
    return loaded.problem ? { mode: 'encrypted', fileProblem: loaded.problem } : { mode: 'encrypted' };
  };

  return {
    init() {
      initializing ??= start().then((status) => {
        initialized = true;
        return status;
      });
      return initializing;
    },

    async get(name) {
      await ready();
      return plain.get(name);
    },

    peek(name) {
      return initialized ? plain.get(name) : undefined;
    },

    async set(name, value) {
      checkName(name);
      return serialize(async () => {
        if ((await ready()).mode === 'encrypted') {
          const next = new Map(ciphers).set(name, await box.encrypt(value));
          await file.save(documentOf(next));
          ciphers = next;
          broken.delete(name);
        }
        plain.set(name, value);
      });
    },

    delete(name) {
      return serialize(async () => {
        if ((await ready()).mode === 'encrypted' && ciphers.has(name)) {
          const next = new Map(ciphers);
          next.delete(name);
          await file.save(documentOf(next));
          ciphers = next;
          broken.delete(name);
        }
        plain.delete(name);
      });
    },

    names: () => [...plain.keys()].sort(),

    undecryptable: () => [...broken].sort(),
  };
}
