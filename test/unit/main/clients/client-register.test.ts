import { describe, expect, it } from 'vitest';
import { memoryClientStore, type ClientStore } from '../../../../main/clients/client-file';
import { ClientRegister } from '../../../../main/clients/client-register';
import { CLIENT_LIST_MAX } from '../../../../shared/client-list-rules';
import { hasValidCheckDigit } from '../../../../shared/org-number';
import { recordingLogger } from '../recording-logger';

const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);

/** The `index`th organisation number in canonical form, with its check digit. */
function validNumber(index: number): string {
  const nine = String(index).padStart(9, '0');
  const check = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((digit) => hasValidCheckDigit(`${nine}${digit}`));
  return `${nine.slice(0, 6)}-${nine.slice(6)}${check}`;
}

async function registerWith(store: ClientStore = memoryClientStore()) {
  let now = NOW;
  const { log, text } = recordingLogger();
  const register = new ClientRegister({ store, now: () => now, log });
  await register.init();
  return { register, store, log: text, advance: (ms: number) => (now += ms) };
}

describe('ClientRegister', () => {
  it('imports a pasted list, keeps the clients it names and returns each bad line', async () => {
    const store = memoryClientStore();
    const { register } = await registerWith(store);
    const outcome = await register.importText('Orgnr;Namn\n5566778899;Ett AB\n556677-8898;Fel AB\n5561234567;Två AB\n');
    expect(outcome).toEqual({
      ok: true,
      added: 2,
      alreadyListed: 0,
      overLimit: 0,
      stored: true,
      problems: [{ line: 3, reason: 'bad_check_digit', value: '556677-8898' }],
    });
    expect(register.records()).toEqual([
      { orgNumber: '556677-8899', name: 'Ett AB', addedAt: NOW, skippedAt: null },
      { orgNumber: '556123-4567', name: 'Två AB', addedAt: NOW, skippedAt: null },
    ]);
    expect(store.saved.at(-1)).toEqual(register.records());
  });

  it('refuses a list that is empty or too long, and changes nothing', async () => {
    const store = memoryClientStore();
    const { register } = await registerWith(store);
    expect(await register.importText('  \n')).toEqual({ ok: false, error: 'empty' });
    expect(store.saved).toEqual([]);
  });

  it('counts a client already listed and takes its new name, without adding it twice', async () => {
    const { register } = await registerWith();
    await register.add([{ orgNumber: '556677-8899' }]);
    const again = await register.add([{ orgNumber: '5566778899', name: 'Nytt namn AB' }, { orgNumber: '556123-4567' }]);
    expect(again).toEqual({ added: 1, alreadyListed: 1, overLimit: 0, stored: true });
    expect(register.records().map((client) => [client.orgNumber, client.name])).toEqual([
      ['556677-8899', 'Nytt namn AB'],
      ['556123-4567', null],
    ]);
  });

  it('adds no more than the list holds and says how many were left out', async () => {
    const full = Array.from({ length: CLIENT_LIST_MAX }, (_, index) => ({ orgNumber: validNumber(index), name: null, addedAt: NOW, skippedAt: null }));
    const { register } = await registerWith(memoryClientStore(full));
    expect(await register.add([{ orgNumber: '556677-8899' }])).toEqual({ added: 0, alreadyListed: 0, overLimit: 1, stored: true });
    expect(register.records()).toHaveLength(CLIENT_LIST_MAX);
  });

  it('removes clients and reports how many were on the list', async () => {
    const { register } = await registerWith();
    await register.add([{ orgNumber: '556677-8899' }, { orgNumber: '556123-4567' }]);
    expect(await register.remove(['556677-8899', '559876-5435'])).toEqual({ removed: 1, stored: true });
    expect(register.records().map((client) => client.orgNumber)).toEqual(['556123-4567']);
  });

  it('marks a client skipped for a batch, once, and clears the mark when a batch takes it up again', async () => {
    const { register, advance } = await registerWith();
    await register.add([{ orgNumber: '556677-8899' }]);
    await register.markSkipped('5566778899');
    expect(register.records()[0]?.skippedAt).toBe(NOW);
    advance(1000);
    await register.markSkipped('556677-8899');
    expect(register.records()[0]?.skippedAt).toBe(NOW);
    await register.markSkipped('556123-4567');
    expect(register.records()).toHaveLength(1);
    await register.add([{ orgNumber: '556677-8899' }], { takenUp: true });
    expect(register.records()[0]?.skippedAt).toBeNull();
  });

  it('tells listeners of each change, and not of an add that changed nothing', async () => {
    const { register } = await registerWith();
    let changes = 0;
    register.onChanged(() => (changes += 1));
    await register.add([{ orgNumber: '556677-8899' }]);
    await register.add([{ orgNumber: '556677-8899' }]);
    await register.markSkipped('556677-8899');
    await register.remove(['556677-8899']);
    expect(changes).toBe(3);
  });

  it('keeps the change for the session and says so when the list cannot be written', async () => {
    const failing: ClientStore = { load: () => Promise.resolve({ clients: [], problem: null }), save: () => Promise.reject(new Error('disk full')) };
    const { register, log } = await registerWith(failing);
    const outcome = await register.importText('5566778899');
    expect(outcome).toMatchObject({ ok: true, added: 1, stored: false });
    expect(register.records()).toHaveLength(1);
    await expect(register.markSkipped('556677-8899')).resolves.toBeUndefined();
    expect(log()).toContain('client list could not be saved');
  });

  it('leaves repeated numbers and numbers failing the check digit out of a stored list that was edited by hand', async () => {
    const first = { orgNumber: '556677-8899', name: 'Ett AB', addedAt: NOW, skippedAt: null };
    const store = memoryClientStore([
      first,
      { orgNumber: '556677-8899', name: 'Kopia AB', addedAt: NOW, skippedAt: NOW },
      { orgNumber: '556677-8898', name: 'Fel AB', addedAt: NOW, skippedAt: null },
    ]);
    const { register, log } = await registerWith(store);
    expect(register.records()).toEqual([first]);
    expect(log()).toContain('dropped');
    expect(await register.remove(['556677-8899'])).toEqual({ removed: 1, stored: true });
  });

  it('reads the stored list at start', async () => {
    const { register } = await registerWith(memoryClientStore([{ orgNumber: '556677-8899', name: 'Ett AB', addedAt: 1, skippedAt: null }]));
    expect(register.records()).toEqual([{ orgNumber: '556677-8899', name: 'Ett AB', addedAt: 1, skippedAt: null }]);
  });
});
