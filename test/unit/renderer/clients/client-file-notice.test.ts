import { describe, expect, it } from 'vitest';
import { clientFileNotice } from '../../../../renderer/src/clients/client-file-notice';
import { enClients, svClients } from '../../../../renderer/src/i18n/clients-messages';
import { CLIENT_FILE_PROBLEMS } from '../../../../shared/client-contract';

const FILE = 'C:\\Users\\anna\\AppData\\Roaming\\Fortnox Connector\\clients.json';
const BACKUP = 'C:\\Users\\anna\\AppData\\Roaming\\Fortnox Connector\\clients.json.corrupt-2026-12-02T09-00-00.000Z.bak';

describe('the Clients view notice about a clients.json that could not be read', () => {
  it('says that a damaged file was kept aside, and where, in Swedish and English', () => {
    const problem = { kind: 'corrupt' as const, filePath: FILE, backupPath: BACKUP };
    expect(clientFileNotice(problem, svClients)).toEqual({
      heading: 'Den sparade klientlistan kunde inte läsas',
      body: `Filen med klientlistan var skadad. Den har sparats undan som ${BACKUP}, och listan började om tom. Importera klienterna igen.`,
    });
    expect(clientFileNotice(problem, enClients)).toEqual({
      heading: 'The saved client list could not be read',
      body: `The client list file was damaged. It has been kept aside as ${BACKUP}, and the list started again empty. Import the clients again.`,
    });
  });

  it('says that a newer version’s file was left where it is, and that changes are not saved', () => {
    const problem = { kind: 'newer_version' as const, filePath: FILE, backupPath: null };
    expect(clientFileNotice(problem, svClients).body).toBe(
      `Filen med klientlistan är sparad av en nyare version av appen. Den ligger kvar orörd i ${FILE}. Listan visas tom, och ändringar sparas inte. Uppdatera appen för att se klienterna igen.`,
    );
    expect(clientFileNotice(problem, enClients).body).toContain(`It is left untouched at ${FILE}.`);
  });

  it('names the file for every reason in both languages', () => {
    for (const kind of CLIENT_FILE_PROBLEMS) {
      for (const texts of [svClients, enClients]) {
        expect(clientFileNotice({ kind, filePath: FILE, backupPath: null }, texts).body, kind).toContain(FILE);
      }
    }
  });
});
