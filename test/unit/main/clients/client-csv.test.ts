import { describe, expect, it } from 'vitest';
import { clientsCsv, exportClientsCsv } from '../../../../main/clients/client-csv';
import type { ClientView } from '../../../../shared/ipc-contract';
import { parseClientList } from '../../../../shared/client-import';
import { recordingLogger } from '../recording-logger';
import { recordingSaveFile } from '../storage/recording-save-file';

const CLIENTS: ClientView[] = [
  { orgNumber: '556677-8899', name: 'Ett; Två AB', state: 'connected', tenantId: '101' },
  { orgNumber: '556123-4567', name: '=HYPERLINK("http://x","y")', state: 'not_connected', tenantId: null },
  { orgNumber: '559876-5435', name: null, state: 'skipped', tenantId: null },
  { orgNumber: '556036-0793', name: '-1+2', state: 'needs_reconnect', tenantId: '7' },
];

describe('clientsCsv', () => {
  it('writes a BOM, a header and one CRLF row per client, with `;` in Swedish and formula cells escaped', () => {
    expect(clientsCsv(CLIENTS, 'sv')).toBe(
      '\uFEFForganisation_number;name;state;database_number\r\n' +
        '556677-8899;"Ett; Två AB";connected;101\r\n' +
        `556123-4567;"'=HYPERLINK(""http://x"",""y"")";not_connected;\r\n` +
        '559876-5435;;skipped;\r\n' +
        "556036-0793;'-1+2;needs_reconnect;7\r\n",
    );
  });

  it('separates cells with `,` in English', () => {
    expect(clientsCsv(CLIENTS.slice(2, 3), 'en')).toBe('\uFEFForganisation_number,name,state,database_number\r\n559876-5435,,skipped,\r\n');
  });

  it('reads back through the import: the same numbers and names', () => {
    const parsed = parseClientList(clientsCsv(CLIENTS, 'sv'));
    expect(parsed.ok && parsed.clients).toEqual([
      { orgNumber: '556677-8899', name: 'Ett; Två AB' },
      { orgNumber: '556123-4567', name: '=HYPERLINK("http://x","y")' },
      { orgNumber: '559876-5435' },
      { orgNumber: '556036-0793', name: '-1+2' },
    ]);
  });
});

describe('exportClientsCsv', () => {
  const now = () => Date.UTC(2026, 11, 2, 9, 0, 0);

  it('saves the file under a dated name through the save dialog', async () => {
    const save = recordingSaveFile();
    expect(await exportClientsCsv({ save, now, log: recordingLogger().log }, CLIENTS, 'en')).toEqual({ saved: true, rows: 4, failed: false });
    expect(save.files).toEqual([{ name: 'fortnox-connector-clients-2026-12-02.csv', text: clientsCsv(CLIENTS, 'en') }]);
  });

  it('reports a cancelled dialog as not saved, and a failed write or a missing dialog as failed', async () => {
    const log = recordingLogger().log;
    expect(await exportClientsCsv({ save: recordingSaveFile({ cancel: true }), now, log }, CLIENTS, 'sv')).toEqual({ saved: false, rows: 0, failed: false });
    const broken = { save: () => Promise.reject(new Error('EACCES')) };
    expect(await exportClientsCsv({ save: broken, now, log }, CLIENTS, 'sv')).toEqual({ saved: false, rows: 0, failed: true });
    expect(await exportClientsCsv({ save: undefined, now, log }, CLIENTS, 'sv')).toEqual({ saved: false, rows: 0, failed: true });
  });
});
