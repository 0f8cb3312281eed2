import { z } from 'zod';
import type { ConfigProblem, ConfigSource } from '../../shared/config-problems';
import type { IntegrationNameState, SaveIntegrationNameResult, SaveSettingsRequest, SaveSettingsResult, SettingsView, StorageState } from '../../shared/ipc-contract';
import { normalizeIntegrationName } from '../../shared/integration-name';
import { configFromEnv, parseSettingsFile, resolveConfig, settingsFileSchema, type ConfigResult, type RawConfig } from '../config/fortnox-config';
import type { AppPreferences } from '../config/app-preferences';
import type { SaveLocalApiSettingsRequest } from '../../shared/local-api-status';
import { effectiveLocalApiLimits, limitPreferences, type LocalApiLimits } from './local-api-limits';
import { checkLocalApiChange, effectiveLocalApiSettings, type EffectiveLocalApiSettings, type LocalApiChangeProblem } from './local-api-settings';
import type { ManagedConfig } from '../config/managed-config';
import type { ManagedScopeProfile } from '../../shared/scope-profiles';
import type { ManagedProblem, ManagedSource } from '../config/managed-source';
import { FortnoxCallError } from '../fortnox/fortnox-call-error';
import type { KnownSecrets } from '../logging/known-secrets';
import type { Logger } from '../logging/logger';
import { writeFileAtomic } from '../storage/atomic-file';
import { FILE_LIMITS, readBoundedFile } from '../storage/read-bounded-file';
import type { SecretVault } from '../storage/secret-vault';

/** The vault entry that holds the client secret. */
export const CLIENT_SECRET_ENTRY = 'clientSecret';

const storedSecretSchema = z.object({ value: z.string().min(1), savedAt: z.number() });

/** A client secret must be a single line of printable characters (it goes into a Basic header). */
const SECRET_PATTERN = /^[\x21-\x7e]{1,500}$/;

/** Collaborators of the settings service. */
export interface SettingsDeps {
  settingsPath: string;
  env: NodeJS.ProcessEnv;
  vault: SecretVault;
  now: () => number;
  log: Logger;
  /** In simulator mode the configuration and secret come from the simulator, not from settings. */
  simulator?: { config: RawConfig; clientSecret: string };
  secrets?: KnownSecrets;
  /**
   * The IT department's managed configuration (the protected managed file and, on Windows, the
   * registry policy; see managed-source.ts); absent means none.
   */
  managed?: ManagedSource;
  /**
   * A packaged build: Fortnox's endpoints can then be changed only by the managed (admin-writable)
   * file, never by the user's environment or settings.json, so that no same-user process can point
   * token calls, with the client secret and refresh tokens, at another host.
   */
  packaged?: boolean;
}

/** The fields an ordinary user may set in a packaged build. */
const USER_FIELDS_WHEN_PACKAGED = ['clientId', 'redirectUri'] as const;

/** Keeps only the fields a user may set (all of them in development). */
function userFields(raw: RawConfig, packaged: boolean | undefined): RawConfig {
  if (!packaged) return raw;
  const kept: RawConfig = {};
  for (const field of USER_FIELDS_WHEN_PACKAGED) if (raw[field] !== undefined) kept[field] = raw[field];
  return kept;
}

/**
 * The integration's settings: client id and redirect URI (environment, then `settings.json`),
 * and the client secret (environment for development, else the encrypted vault). The secret is
 * held here for token calls and never returned to the renderer.
 */
export class SettingsService {
  private fileRaw: RawConfig = {};
  /** The app's own preferences from settings.json (app-preferences.ts). */
  private filePreferences: AppPreferences = {};
  private fileProblem: ConfigProblem['problem'] | undefined;
  private secret: { value: string; savedAt: number | null; source: 'managed' | 'environment' | 'vault' } | undefined;
  /** Firm mode was on at start: the stored client secret was not read (issue 10 item 5); `loadDeferredSecret` reads it. */
  private secretDeferred = false;
  private managed: ManagedConfig | undefined;
  private managedProblems: ManagedProblem[] = [];
  private resolved: ConfigResult = { ok: false, problems: [] };

  constructor(private readonly deps: SettingsDeps) {}

  /** Reads the settings file and the stored secret. Call once after the vault is initialised. */
  async init(): Promise<void> {
    // Once per start: on Windows this runs reg.exe and PowerShell, and only an administrator can
    // change what it reads, so a settings save has no reason to read it again.
    if (this.deps.managed && !this.deps.simulator) {
      const loaded = await this.deps.managed.load();
      this.managed = loaded.managed;
      this.managedProblems = loaded.problems;
    }
    await this.reloadFile();
    // FORTNOX_CLIENT_SECRET is for development only: a packaged build never reads it, so another
    // program of the same user cannot hand the app a secret (or read one it was handed).
    const envSecret = this.deps.simulator?.clientSecret ?? (this.deps.packaged ? undefined : this.deps.env.FORTNOX_CLIENT_SECRET?.trim());
    if (envSecret) {
      this.deps.secrets?.add(envSecret);
      this.secret = { value: envSecret, savedAt: null, source: 'environment' };
      return;
    }
    // Firm mode: this computer uses no client secret of its own, so the stored one is not even read.
    if (this.firmServer().url !== null) {
      this.secretDeferred = true;
      return;
    }
    await this.readStoredSecret();
  }

  /** Reads the stored client secret when firm mode kept it unread (firm mode turned off, or the local connections are let go). */
  async loadDeferredSecret(): Promise<void> {
    if (!this.secretDeferred) return;
    this.secretDeferred = false;
    await this.readStoredSecret();
  }

  /** Whether a client secret of this computer's own is stored (read or not). */
  hasStoredSecret(): boolean {
    return this.secret?.source === 'vault' || (this.secretDeferred && this.deps.vault.names().includes(CLIENT_SECRET_ENTRY));
  }

  private async readStoredSecret(): Promise<void> {
    const stored = await this.deps.vault.get(CLIENT_SECRET_ENTRY);
    if (stored !== undefined) {
      try {
        const parsed = storedSecretSchema.parse(JSON.parse(stored));
        this.deps.secrets?.add(parsed.value);
        this.secret = { value: parsed.value, savedAt: parsed.savedAt, source: 'vault' };
        return;
      } catch {
        this.deps.log.warn('stored client secret is unreadable; it must be entered again');
      }
    }
    this.useManagedSecret();
  }

  /**
   * The managed configuration's secret, used only when the user has not saved one of their own:
   * a machine-wide file or policy is readable by every user of the computer, so a secret entered
   * per user (encrypted for that user) is preferred and takes its place.
   */
  private useManagedSecret(): void {
    if (!this.managed?.clientSecret) return;
    this.deps.secrets?.add(this.managed.clientSecret);
    this.secret = { value: this.managed.clientSecret, savedAt: null, source: 'managed' };
  }

  /** The configuration, with a missing client secret reported as a problem of its own. */
  config(): ConfigResult {
    // A missing secret is listed with every other problem, so a blank start shows it as missing too.
    const secretMissing: ConfigProblem[] = this.secret ? [] : [{ field: 'clientSecret', problem: 'missing', source: 'default' }];
    if (!this.resolved.ok) return secretMissing.length > 0 ? { ok: false, problems: [...this.resolved.problems, ...secretMissing] } : this.resolved;
    if (secretMissing.length > 0) return { ok: false, problems: secretMissing };
    return this.resolved;
  }

  /** Client id and secret for token calls; throws `client_secret_missing` when no secret is set. */
  credentials(): { clientId: string; clientSecret: string } {
    if (!this.resolved.ok) throw new FortnoxCallError('invalid_client');
    if (!this.secret) throw new FortnoxCallError('client_secret_missing');
    return { clientId: this.resolved.config.clientId, clientSecret: this.secret.value };
  }

  /** What the Settings view shows: values and where they come from, never the secret. */
  view(storage: StorageState): SettingsView {
    const env = this.effectiveEnv();
    const managed = this.managed?.raw ?? {};
    const source = (field: 'clientId' | 'redirectUri'): ConfigSource =>
      managed[field] !== undefined
        ? 'managed'
        : env[field] !== undefined
          ? 'environment'
          : this.fileRaw[field] !== undefined
            ? 'settings-file'
            : 'default';
    return {
      clientId: (managed.clientId ?? env.clientId ?? this.fileRaw.clientId ?? null)?.slice(0, 200) ?? null,
      redirectUri: (managed.redirectUri ?? env.redirectUri ?? this.fileRaw.redirectUri ?? null)?.slice(0, 2000) ?? null,
      clientIdSource: source('clientId'),
      redirectUriSource: source('redirectUri'),
      locked: [...(this.managed?.locked ?? [])],
      clientSecret: {
        set: this.secret !== undefined || this.hasStoredSecret(),
        source: this.secret?.source ?? (this.hasStoredSecret() ? 'vault' : 'none'),
        savedAt: this.secret?.savedAt ?? null,
      },
      storage,
      simulator: this.deps.simulator !== undefined,
    };
  }

  /**
   * Validates and writes client id and redirect URI to `settings.json` (atomically, keeping the
   * file's other keys). Nothing is written when a value is wrong; the problems say which.
   */
  async save(request: SaveSettingsRequest): Promise<SaveSettingsResult> {
    const next: RawConfig = { ...this.fileRaw, clientId: request.clientId.trim(), redirectUri: request.redirectUri.trim() };
    const lockedChanges: ConfigProblem[] = (['clientId', 'redirectUri'] as const)
      .filter((field) => this.managed?.locked.has(field) && this.managed.raw[field] !== next[field])
      .map((field) => ({ field, problem: 'locked', source: 'managed' }));
    if (lockedChanges.length > 0) return { ok: false, problems: lockedChanges };
    // The submitted values themselves, not the effective ones: an environment or managed value
    // that overrides a field must not let a `javascript:` URI or a CR/LF client id into the file.
    const check = resolveConfig({}, { clientId: next.clientId, redirectUri: next.redirectUri });
    const relevant = check.ok
      ? []
      : check.problems.filter((problem) => problem.field === 'clientId' || problem.field === 'redirectUri');
    if (relevant.length > 0) return { ok: false, problems: relevant };
    const document = settingsFileSchema.parse({ ...next, ...this.filePreferences });
    await writeFileAtomic(this.deps.settingsPath, `${JSON.stringify(document, null, 2)}\n`);
    this.deps.log.info('settings saved');
    await this.reloadFile();
    return { ok: true };
  }

  /** The app's own preferences (for example whether the close-to-tray explanation was shown). */
  preferences(): AppPreferences {
    return { ...this.filePreferences };
  }

  /**
   * Changes preferences in settings.json, keeping the file's every other key (read afresh, so
   * keys a packaged build ignores are kept too). A file that cannot be read or parsed is never
   * overwritten: the change then holds for this session only, and false says so.
   */
  async setPreferences(change: AppPreferences): Promise<boolean> {
    this.filePreferences = { ...this.filePreferences, ...change };
    const current = parseSettingsFile(await readBoundedFile(this.deps.settingsPath, FILE_LIMITS.settings));
    if (current.problem) {
      this.deps.log.warn('settings.json could not be read; a preference is kept for this session only', { problem: current.problem });
      return false;
    }
    const document = settingsFileSchema.parse({ ...current.raw, ...current.preferences, ...change });
    await writeFileAtomic(this.deps.settingsPath, `${JSON.stringify(document, null, 2)}\n`);
    await this.reloadFile();
    return true;
  }

  /** The managed configuration's scope profile, if the IT department set one (issue 9 item 4). */
  managedScopeProfile(): ManagedScopeProfile | undefined {
    return this.managed?.scopeProfile;
  }

  /** The local API's settings in effect (managed fields over settings.json, field by field). */
  localApi(): EffectiveLocalApiSettings {
    return effectiveLocalApiSettings(this.filePreferences.localApi, this.managed?.localApi);
  }

  /** The local API proxy's limits in effect (managed over settings.json over the defaults, field by field); read when the API starts. */
  localApiLimits(): LocalApiLimits {
    return effectiveLocalApiLimits(this.filePreferences.localApi, this.managed?.localApi);
  }

  /**
   * Changes the local API's settings in settings.json (a port 1024–65535, or null for the
   * default). A field the managed configuration sets cannot be changed. `sessionOnly`: the file
   * could not be read, so the change holds until the app quits.
   */
  async saveLocalApi(request: SaveLocalApiSettingsRequest): Promise<{ ok: true; sessionOnly: boolean } | { ok: false; problem: LocalApiChangeProblem }> {
    const checked = checkLocalApiChange(request, this.localApi());
    if (!checked.ok) return checked;
    // The limits have no field in Settings: the user's own values in settings.json are kept.
    const persisted = await this.setPreferences({ localApi: { ...limitPreferences(this.filePreferences.localApi), ...checked.stored } });
    this.deps.log.info('local API settings saved', { enabled: request.enabled, port: request.port, persisted });
    return { ok: true, sessionOnly: !persisted };
  }

  /** The integration's name in effect: the managed configuration's (locked) over settings.json's; null for none. */
  integrationName(): IntegrationNameState {
    const managed = this.managed?.integrationName;
    if (managed !== undefined) return { name: managed, locked: true };
    return { name: this.filePreferences.integrationName ?? null, locked: false };
  }

  /**
   * Sets the integration's name in settings.json (an empty one clears it). Refused when the
   * managed configuration sets it; `sessionOnly`: the file could not be read, so it holds until quit.
   */
  async saveIntegrationName(raw: string): Promise<SaveIntegrationNameResult> {
    if (this.managed?.integrationName !== undefined) return { ok: false, problem: 'locked' };
    const normalized = normalizeIntegrationName(raw);
    if (!normalized.ok) return { ok: false, problem: normalized.problem };
    const persisted = await this.setPreferences({ integrationName: normalized.name ?? undefined });
    this.deps.log.info('integration name saved', { set: normalized.name !== null, persisted });
    return { ok: true, name: normalized.name, sessionOnly: !persisted };
  }

  /**
   * Firm mode's server URL in effect: the managed configuration's over settings.json's (null: firm
   * mode is off), and whether the managed configuration locks it.
   */
  firmServer(): { url: string | null; locked: boolean } {
    const managed = this.managed?.firmServer;
    if (managed?.locked) return { url: managed.url, locked: true };
    return { url: this.filePreferences.firmServer?.url ?? managed?.url ?? null, locked: false };
  }

  /**
   * Sets (a checked, normalised URL) or clears (null) the firm server in settings.json. Refused
   * when the managed configuration locks it; `sessionOnly`: the file could not be read, so the
   * change holds until the app quits.
   */
  async saveFirmServer(url: string | null): Promise<{ ok: true; sessionOnly: boolean } | { ok: false; problem: 'locked' }> {
    if (this.firmServer().locked) return { ok: false, problem: 'locked' };
    const persisted = await this.setPreferences({ firmServer: url === null ? undefined : { url } });
    this.deps.log.info('firm server setting saved', { on: url !== null, persisted });
    return { ok: true, sessionOnly: !persisted };
  }

  /** Stores the client secret encrypted (or in memory when the OS has no encryption). */
  async setClientSecret(secret: string): Promise<{ saved: boolean }> {
    const value = secret.trim();
    if (!SECRET_PATTERN.test(value)) return { saved: false };
    const savedAt = this.deps.now();
    this.deps.secrets?.add(value);
    await this.deps.vault.set(CLIENT_SECRET_ENTRY, JSON.stringify({ value, savedAt }));
    this.secret = { value, savedAt, source: 'vault' };
    this.secretDeferred = false;
    this.deps.log.info('client secret saved');
    return { saved: true };
  }

  /** Removes the stored client secret. */
  async clearClientSecret(): Promise<boolean> {
    if (this.secretDeferred && this.deps.vault.names().includes(CLIENT_SECRET_ENTRY)) {
      // Removed unread.
      await this.deps.vault.delete(CLIENT_SECRET_ENTRY);
      this.deps.log.info('client secret removed');
      return true;
    }
    if (this.secret?.source !== 'vault') return false;
    await this.deps.vault.delete(CLIENT_SECRET_ENTRY);
    this.secret = undefined;
    this.useManagedSecret();
    this.deps.log.info('client secret removed');
    return true;
  }

  private effectiveEnv(): RawConfig {
    return this.deps.simulator?.config ?? userFields(configFromEnv(this.deps.env), this.deps.packaged);
  }

  private async reloadFile(): Promise<void> {
    const parsed = parseSettingsFile(await readBoundedFile(this.deps.settingsPath, FILE_LIMITS.settings));
    this.fileRaw = this.deps.simulator ? {} : userFields(parsed.raw, this.deps.packaged);
    // Preferences hold in simulator mode too; a file that cannot be read keeps those already known.
    if (!parsed.problem) this.filePreferences = parsed.preferences ?? {};
    this.fileProblem = this.deps.simulator ? undefined : parsed.problem;
    this.resolved = this.resolveLayers();
  }

  /** Managed over environment over settings file over defaults; managed problems block connecting. */
  private resolveLayers(): ConfigResult {
    const managed = this.managed?.raw ?? {};
    const result = resolveConfig({ ...this.effectiveEnv(), ...managed }, this.fileRaw, this.fileProblem);
    const problems = result.ok
      ? []
      : result.problems.map((problem) =>
          problem.field in managed ? { ...problem, source: 'managed' as const } : problem,
        );
    problems.unshift(...this.managedProblems.map((problem) => ({ ...problem, source: 'managed' as const })));
    if (problems.length > 0 || !result.ok) return { ok: false, problems };
    // resolveConfig sees managed values as its top layer ("environment"); name their real source.
    const sources = { ...result.sources };
    for (const field of Object.keys(managed) as (keyof RawConfig)[]) sources[field] = 'managed';
    return { ...result, sources };
  }
}
