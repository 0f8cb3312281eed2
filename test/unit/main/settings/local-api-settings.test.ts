import { describe, expect, it } from 'vitest';
import { checkLocalApiChange, effectiveLocalApiSettings } from '../../../../main/settings/local-api-settings';

describe('effectiveLocalApiSettings', () => {
  it('is on, on the default port, when neither the user nor the IT department says otherwise', () => {
    expect(effectiveLocalApiSettings(undefined, undefined)).toEqual({ enabled: true, port: null, locked: [] });
  });

  it("takes the user's settings when nothing is managed", () => {
    expect(effectiveLocalApiSettings({ enabled: false, port: 41900 }, undefined)).toEqual({ enabled: false, port: 41900, locked: [] });
  });

  it("lets a managed field win over the user's and locks only that field", () => {
    expect(effectiveLocalApiSettings({ enabled: true, port: 41900 }, { enabled: false })).toEqual({ enabled: false, port: 41900, locked: ['enabled'] });
    expect(effectiveLocalApiSettings({ enabled: false, port: 41900 }, { port: 42000 })).toEqual({ enabled: false, port: 42000, locked: ['port'] });
  });
});

describe('checkLocalApiChange', () => {
  const open = { enabled: true, port: null, locked: [] };

  it('stores on/off and a chosen port, and leaves the port out for the default', () => {
    expect(checkLocalApiChange({ enabled: false, port: 41900 }, open)).toEqual({ ok: true, stored: { enabled: false, port: 41900 } });
    expect(checkLocalApiChange({ enabled: true, port: null }, open)).toEqual({ ok: true, stored: { enabled: true } });
  });

  it.each([80, 1023, 65_536, 0])('refuses port %i (only 1024–65535)', (port) => {
    expect(checkLocalApiChange({ enabled: true, port }, open)).toEqual({ ok: false, problem: 'port_invalid' });
  });

  it('accepts the edges 1024 and 65535', () => {
    expect(checkLocalApiChange({ enabled: true, port: 1024 }, open).ok).toBe(true);
    expect(checkLocalApiChange({ enabled: true, port: 65_535 }, open).ok).toBe(true);
  });

  it('refuses to change a field the IT department set, but accepts it sent back unchanged', () => {
    const managed = { enabled: false, port: 42000, locked: ['enabled' as const, 'port' as const] };
    expect(checkLocalApiChange({ enabled: true, port: 42000 }, managed)).toEqual({ ok: false, problem: 'locked' });
    expect(checkLocalApiChange({ enabled: false, port: 41900 }, managed)).toEqual({ ok: false, problem: 'locked' });
    expect(checkLocalApiChange({ enabled: false, port: 42000 }, managed).ok).toBe(true);
  });
});
