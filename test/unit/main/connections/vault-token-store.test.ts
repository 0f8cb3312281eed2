import { describe, expect, it } from 'vitest';
import type { StoredTokens } from '../../../../main/connections/token-keeper';
import { tokenEntryName, vaultTokenStore } from '../../../../main/connections/vault-token-store';
import { KnownSecrets } from '../../../../main/logging/known-secrets';
import type { SecretVault } from '../../../../main/storage/secret-vault';

/** A vault in memory: what the token store sees of the encrypted one. */
function memoryVault(): SecretVault & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    init: async () => ({ mode: 'encrypted' }),
    get: async (name) => entries.get(name),
    peek: (name) => entries.get(name),
    set: async (name, value) => void entries.set(name, value),
    delete: async (name) => void entries.delete(name),
    names: () => [...entries.keys()],
    undecryptable: () => [],
  };
}

const pair = (accessToken: string): StoredTokens => ({
  accessToken,
  refreshToken: `refresh-of-${accessToken}`,
  accessTokenExpiresAt: 1_000,
  refreshTokenIssuedAt: 0,
  scopes: ['invoice'],
});

describe('tokens in the vault', () => {
  it('reads a changed entry anew, and every read is a copy that a caller cannot change for the next one', async () => {
    const vault = memoryVault();
    const store = vaultTokenStore(vault);
    await store.write('101', pair('access-token-one'));

    const first = await store.read('101');
    first?.scopes.push('salary');
    if (first) first.accessToken = 'changed-by-a-caller';
    const again = await store.read('101');
    await store.write('101', pair('access-token-two'));
    const changed = await store.read('101');

    expect(again).toEqual(pair('access-token-one'));
    expect(changed).toEqual(pair('access-token-two'));
  });

  it('peeks at the pair read last while its entry is unchanged, and at nothing once the entry changed, until read parses it', async () => {
    const vault = memoryVault();
    const store = vaultTokenStore(vault);
    await store.write('101', pair('access-token-one'));
    const unread = store.peek('101');
    await store.read('101');
    const read = store.peek('101');
    await store.write('101', pair('access-token-two'));
    const changed = store.peek('101');
    await store.read('101');
    const readAgain = store.peek('101');
    await store.remove('101');

    expect(unread).toBeUndefined();
    expect(read).toEqual(pair('access-token-one'));
    expect(changed).toBeUndefined();
    expect(readAgain).toEqual(pair('access-token-two'));
    expect(store.peek('101')).toBeUndefined();
  });

  it('hands out a peeked pair that cannot be changed, so the copies later reads give stay as stored', async () => {
    const store = vaultTokenStore(memoryVault());
    await store.write('101', pair('access-token-one'));
    await store.read('101');
    const peeked = store.peek('101') as StoredTokens;

    expect(() => peeked.scopes.push('salary')).toThrow(TypeError);
    expect(() => {
      peeked.accessToken = 'changed-by-a-caller';
    }).toThrow(TypeError);
    expect(await store.read('101')).toEqual(pair('access-token-one'));
  });

  it('has the logger mask the pair it peeks at', async () => {
    const secrets = new KnownSecrets();
    const store = vaultTokenStore(memoryVault(), secrets);
    await store.write('101', pair('access-token-one'));
    await store.read('101');
    secrets.remove('access-token-one');

    store.peek('101');

    expect(secrets.scrub('token access-token-one')).not.toContain('access-token-one');
  });

  it('reads a damaged entry as nothing, and a removed one as nothing', async () => {
    const vault = memoryVault();
    const store = vaultTokenStore(vault);
    await store.write('101', pair('access-token-one'));
    await store.read('101');
    vault.entries.set(tokenEntryName('101'), '{"accessToken":');
    const damaged = await store.read('101');
    await store.write('202', pair('access-token-two'));
    await store.read('202');
    await store.remove('202');

    expect(damaged).toBeUndefined();
    expect(await store.read('202')).toBeUndefined();
  });

  it('has the logger mask both tokens of every pair it reads, even after they were forgotten once', async () => {
    const vault = memoryVault();
    const secrets = new KnownSecrets();
    await vaultTokenStore(vault).write('101', pair('access-token-one'));
    const store = vaultTokenStore(vault, secrets);
    await store.read('101');
    secrets.remove('access-token-one');
    secrets.remove('refresh-of-access-token-one');

    await store.read('101');

    expect(secrets.scrub('access-token-one refresh-of-access-token-one')).toBe('[redacted] [redacted]');
  });
});
