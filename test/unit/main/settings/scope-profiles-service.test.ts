import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManagedSource } from '../../../../main/config/managed-source';
import { ScopeProfilesService } from '../../../../main/settings/scope-profiles-service';
import { lockedScopes, scopeProfilesFor } from '../../../../main/settings/scope-profiles-wiring';
import { SettingsService } from '../../../../main/settings/settings-service';
import { createSecretBox } from '../../../../main/storage/secret-box';
import { createSecretVault } from '../../../../main/storage/secret-vault';
import { createSecretsFile } from '../../../../main/storage/secrets-file';
import { MAX_OWN_PROFILES } from '../../../../shared/scope-profiles';
import type { ManagedScopeProfile, ScopeProfilesPreference } from '../../../../shared/scope-profiles';
import { recordingLogger } from '../recording-logger';
import { FakeSafeStorage } from '../storage/fake-safe-storage';
import { useTempDirs } from '../storage/temp-dir';

const tempDir = useTempDirs();

/** The app's settings service on a real settings.json in `dir`, and the profiles on top of it. */
async function open(dir: string, scopeProfile?: ManagedScopeProfile) {
  const logger = recordingLogger();
  const vault = createSecretVault({
    box: createSecretBox(new FakeSafeStorage(), 'linux'),
    file: createSecretsFile({ filePath: path.join(dir, 'secrets.json'), now: () => new Date(0), log: logger.log }),
    log: logger.log,
  });
  await vault.init();
  const managed: ManagedSource | undefined = scopeProfile
    ? { load: () => Promise.resolve({ managed: { raw: {}, locked: new Set(), scopeProfile }, problems: [] }) }
    : undefined;
  const settings = new SettingsService({ settingsPath: path.join(dir, 'settings.json'), env: {}, vault, now: () => 0, log: logger.log, ...(managed ? { managed } : {}) });
  await settings.init();
  let counter = 0;
  const profiles = scopeProfilesFor(settings, (size) => new Uint8Array(size).fill(++counter), logger.log);
  return { settings, profiles, logger };
}

/** A service on an in-memory store, for the rules alone. */
function inMemory(initial: ScopeProfilesPreference = {}, managed?: ManagedScopeProfile) {
  let stored = initial;
  let ids = 0;
  return new ScopeProfilesService({
    stored: () => stored,
    store: (next) => {
      stored = next;
      return Promise.resolve(true);
    },
    managed: () => managed,
    newId: () => `id-${String(++ids).padStart(8, '0')}`,
    log: recordingLogger().log,
  });
}

const readSettings = async (dir: string) => JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;

describe('the scope profiles store', () => {
  it('creates an own profile in settings.json beside the other settings, and it is there after a restart', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ clientId: 'my-client' }));
    const { profiles } = await open(dir);
    const created = await profiles.change({ action: 'create', name: '  Byråns moms  ', scopes: ['invoice', 'companyinformation'] });
    expect(created.ok).toBe(true);
    const id = created.ok ? created.id : undefined;
    expect(id).toMatch(/^own-[A-Za-z0-9_-]{8,40}$/);
    expect(await readSettings(dir)).toEqual({
      clientId: 'my-client',
      scopeProfiles: { own: [{ id, name: 'Byråns moms', scopes: ['companyinformation', 'invoice'] }] },
    });
    const again = await open(dir);
    expect(again.profiles.view().own).toEqual([{ id, name: 'Byråns moms', scopes: ['companyinformation', 'invoice'] }]);
  });

  it('renames and deletes an own profile, and a default or last used that named it lets go of it', async () => {
    const service = inMemory();
    const created = await service.change({ action: 'create', name: 'Moms', scopes: ['bookkeeping'] });
    if (!created.ok || !created.id) throw new Error('not created');
    const id = created.id;
    await service.change({ action: 'set-default', profileId: id });
    await service.change({ action: 'remember', profileId: id, scopes: ['bookkeeping'] });
    const renamed = await service.change({ action: 'rename', id, name: 'Moms och bank' });
    expect(renamed.ok && renamed.view.own.map((profile) => profile.name)).toEqual(['Moms och bank']);
    const deleted = await service.change({ action: 'delete', id });
    expect(deleted.ok && deleted.view).toEqual({ own: [], lastUsed: { profileId: null, scopes: ['bookkeeping'] }, defaultProfile: null, managed: null });
    await expect(service.change({ action: 'delete', id })).resolves.toEqual({ ok: false, problem: 'not_found' });
  });

  it('refuses an empty, multi-line or too long name, and a name another profile has (built-in ones too, in any case)', async () => {
    const service = inMemory();
    await service.change({ action: 'create', name: 'Moms', scopes: ['bookkeeping'] });
    for (const name of ['   ', 'Två\nrader', 'x'.repeat(61)]) {
      await expect(service.change({ action: 'create', name, scopes: ['bookkeeping'] }), name).resolves.toEqual({ ok: false, problem: 'name_invalid' });
    }
    for (const name of ['moms', 'FAKTURERING', 'Payroll']) {
      await expect(service.change({ action: 'create', name, scopes: ['bookkeeping'] }), name).resolves.toEqual({ ok: false, problem: 'name_taken' });
    }
    expect(service.view().own).toHaveLength(1);
  });

  it(`keeps at most ${MAX_OWN_PROFILES} own profiles`, async () => {
    const service = inMemory();
    for (let index = 0; index < MAX_OWN_PROFILES; index++) {
      expect((await service.change({ action: 'create', name: `Profil ${index}`, scopes: ['bookkeeping'] })).ok).toBe(true);
    }
    await expect(service.change({ action: 'create', name: 'En till', scopes: ['bookkeeping'] })).resolves.toEqual({ ok: false, problem: 'too_many' });
  });

  it('remembers the profile used last, and the scopes when no profile was used, across a restart', async () => {
    const dir = await tempDir();
    const { profiles } = await open(dir);
    await profiles.change({ action: 'remember', profileId: 'preset-payroll', scopes: ['salary', 'companyinformation'] });
    expect((await open(dir)).profiles.view().lastUsed).toEqual({ profileId: 'preset-payroll', scopes: ['companyinformation', 'salary'] });
    await profiles.change({ action: 'remember', profileId: null, scopes: ['customer'] });
    expect((await open(dir)).profiles.view().lastUsed).toEqual({ profileId: null, scopes: ['customer'] });
  });

  it('refuses to remember or default to a profile that does not exist', async () => {
    const service = inMemory();
    await expect(service.change({ action: 'remember', profileId: 'own-nosuchprofile', scopes: [] })).resolves.toEqual({ ok: false, problem: 'not_found' });
    await expect(service.change({ action: 'set-default', profileId: 'managed' })).resolves.toEqual({ ok: false, problem: 'not_found' });
    await expect(service.change({ action: 'set-default', profileId: 'preset-invoicing' })).resolves.toMatchObject({ ok: true, view: { defaultProfile: 'preset-invoicing' } });
  });

  it('keeps profile names out of the log', async () => {
    const dir = await tempDir();
    const { profiles, logger } = await open(dir);
    await profiles.change({ action: 'create', name: 'Klient Hemlig AB', scopes: ['bookkeeping'] });
    expect(logger.text()).toContain('scope profile created');
    expect(logger.text()).not.toContain('Hemlig');
  });
});

describe('the managed profile', () => {
  const FIRM: ManagedScopeProfile = { name: 'Byråns standard', scopes: ['invoice', 'companyinformation'] };

  it('locks the scopes by default: shown as the default, creating and choosing another default refused', async () => {
    const service = inMemory({ defaultProfile: 'preset-payroll' }, FIRM);
    expect(service.view()).toEqual({
      own: [],
      lastUsed: null,
      defaultProfile: 'managed',
      managed: { name: 'Byråns standard', scopes: ['companyinformation', 'invoice'], locked: true },
    });
    await expect(service.change({ action: 'create', name: 'Egen', scopes: ['salary'] })).resolves.toEqual({ ok: false, problem: 'locked' });
    await expect(service.change({ action: 'set-default', profileId: 'preset-payroll' })).resolves.toEqual({ ok: false, problem: 'locked' });
  });

  it('with "lock": false is the firm\'s default, which Settings cannot replace, while own profiles stay possible', async () => {
    const service = inMemory({ defaultProfile: 'preset-payroll' }, { ...FIRM, lock: false });
    expect(service.view()).toMatchObject({ defaultProfile: 'managed', managed: { locked: false } });
    await expect(service.change({ action: 'set-default', profileId: null })).resolves.toEqual({ ok: false, problem: 'locked' });
    expect((await service.change({ action: 'create', name: 'Egen', scopes: ['salary'] })).ok).toBe(true);
    await expect(service.change({ action: 'create', name: 'byråns STANDARD', scopes: ['salary'] })).resolves.toEqual({ ok: false, problem: 'name_taken' });
  });

  it('comes from the managed configuration through the settings service', async () => {
    const { profiles, settings } = await open(await tempDir(), FIRM);
    expect(profiles.view().managed).toEqual({ name: 'Byråns standard', scopes: ['companyinformation', 'invoice'], locked: true });
    expect(lockedScopes(settings)).toEqual(['companyinformation', 'invoice']);
  });

  it('forces no scopes when there is none or it is not locked', async () => {
    expect(lockedScopes((await open(await tempDir())).settings)).toBeNull();
    expect(lockedScopes((await open(await tempDir(), { ...FIRM, lock: false })).settings)).toBeNull();
  });
});
