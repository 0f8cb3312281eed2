import { describe, expect, it } from 'vitest';
import type { StorageState } from '../../../../shared/ipc-contract';
import { LANGUAGES } from '../../../../renderer/src/i18n/language';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';
import { hasStorageNotices, storageNotices } from '../../../../renderer/src/shell/storage-notices';

const fine: StorageState = { mode: 'encrypted', reason: null, problems: [] };

describe('storage notices', () => {
  it('say nothing when secrets are encrypted and every file was read', () => {
    expect(hasStorageNotices(storageNotices(fine, MESSAGES.sv))).toBe(false);
  });

  it('explain the missing keyring on Linux and how to fix it', () => {
    const notices = storageNotices({ ...fine, mode: 'memory', reason: 'basic_text' }, MESSAGES.sv);
    expect(notices.memory?.heading).toBe('Nycklarna sparas bara under den här sessionen');
    expect(notices.memory?.body).toContain('GNOME Keyring');
    expect(notices.memory?.body).toContain('KWallet');
    // The tool keys' signing secret is in the vault too (main/local-api/signed-tool-key-store.ts).
    expect(notices.memory?.body).toContain('Nycklar som du skapar för verktyg slutar också att fungera när appen startas om.');
    expect(storageNotices({ ...fine, mode: 'memory', reason: 'unavailable' }, MESSAGES.en).memory?.body).toContain(
      'Keys you make for tools also stop working when the app restarts.',
    );
    expect(storageNotices({ ...fine, mode: 'memory', reason: 'basic_text' }, MESSAGES.en).memory?.body).toContain(
      'GNOME Keyring',
    );
  });

  it('warn about memory-only storage for every reason, also when none is given', () => {
    for (const language of LANGUAGES) {
      for (const reason of ['basic_text', 'unavailable', 'error', null] as const) {
        const notices = storageNotices({ ...fine, mode: 'memory', reason }, MESSAGES[language]);
        expect(notices.memory?.body.trim()).not.toBe('');
      }
    }
  });

  it('name the backup of a damaged file and say that its connections must be reconnected', () => {
    const notices = storageNotices(
      { ...fine, problems: [{ file: 'companies', kind: 'corrupt', backupName: 'companies.json.corrupt-1700000000' }] },
      MESSAGES.sv,
    );
    expect(notices.problems).toEqual([
      'Filen med anslutna företag var skadad och har sparats undan som companies.json.corrupt-1700000000. Anslutningarna i den visas inte och måste anslutas igen.',
    ]);
  });

  it('describe every kind of problem with every file, with and without a backup', () => {
    for (const language of LANGUAGES) {
      for (const file of ['companies', 'secrets'] as const) {
        for (const kind of ['corrupt', 'unreadable', 'newer_version'] as const) {
          for (const backupName of ['backup.json', null]) {
            const [text] = storageNotices({ ...fine, problems: [{ file, kind, backupName }] }, MESSAGES[language]).problems;
            expect(text?.trim()).not.toBe('');
            if (backupName) expect(text).toContain(backupName);
          }
        }
      }
    }
  });
});
