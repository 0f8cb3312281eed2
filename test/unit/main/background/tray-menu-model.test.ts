import { describe, expect, it } from 'vitest';
import { trayMenuModel } from '../../../../main/background/tray-menu-model';

describe('trayMenuModel', () => {
  it('starts with a line that cannot be chosen saying how many companies need attention, in Swedish', () => {
    const model = trayMenuModel({ attentionCount: 3, language: 'sv' });
    expect(model.items).toEqual([
      { kind: 'status', label: '3 företag behöver åtgärdas' },
      { kind: 'separator' },
      { kind: 'action', action: 'open', label: 'Öppna Fortnox Connector' },
      { kind: 'action', action: 'connect', label: 'Anslut ett företag…' },
      { kind: 'separator' },
      { kind: 'action', action: 'quit', label: 'Avsluta' },
    ]);
    expect(model.tooltip).toBe('Fortnox Connector: 3 företag behöver åtgärdas');
  });

  it('speaks English, with the singular for one company', () => {
    const model = trayMenuModel({ attentionCount: 1, language: 'en' });
    expect(model.items[0]).toEqual({ kind: 'status', label: '1 company needs attention' });
    expect(model.items.filter((item) => item.kind === 'action').map((item) => item.label)).toEqual([
      'Open Fortnox Connector',
      'Connect a company…',
      'Quit',
    ]);
    expect(trayMenuModel({ attentionCount: 2, language: 'en' }).items[0]).toEqual({ kind: 'status', label: '2 companies need attention' });
    expect(trayMenuModel({ attentionCount: 2, language: 'en' }).tooltip).toBe('Fortnox Connector: 2 companies need attention');
  });

  it('says all connections work when nothing needs attention', () => {
    expect(trayMenuModel({ attentionCount: 0, language: 'sv' }).items[0]).toEqual({ kind: 'status', label: 'Alla anslutningar fungerar' });
    expect(trayMenuModel({ attentionCount: 0, language: 'en' }).tooltip).toBe('Fortnox Connector');
  });
});
