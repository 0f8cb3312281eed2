import { describe, expect, it } from 'vitest';
import { buildManagedConfig, managedConfigSchema } from '../../../main/config/managed-config';
import type { ManagedSource } from '../../../main/config/managed-source';
import { INVOKE_CHANNELS } from '../../../shared/ipc-channels';
import { openApp } from './app-under-test';
import { connectionsScript, useSimulatedFortnox } from './simulated-fortnox';
import { useTempDirs } from './storage/temp-dir';

/**
 * Issue 9 item 4: a scope profile the IT department locks in the managed configuration holds in
 * main for every way a sign-in starts, whatever the window asks for: a single Connect, a single
 * reconnect, a batch and a bulk reconnect (a batch of connected companies).
 */

const LOCKED = ['companyinformation', 'invoice'];
/** What a window (or a tampered renderer) asks for instead. */
const ASKED = ['companyinformation', 'salary', 'deletevoucher'];
/** What the connected companies were connected with (a reconnect asks for it when nothing is locked). */
const CONNECTED_WITH = ['companyinformation', 'customer'] as const;

/** A managed configuration with the firm's profile, read through the real schema. */
function managedProfile(lock: boolean | undefined): ManagedSource {
  const values = managedConfigSchema.parse({ scopeProfile: { name: 'Byråns standard', scopes: LOCKED, ...(lock === undefined ? {} : { lock }) } });
  return { load: () => Promise.resolve({ managed: buildManagedConfig(values), problems: [] }) };
}

const START = { offlineAccess: true, serviceAccount: false };

const PATHS = {
  'a single Connect': (invoke: Invoke) => invoke(INVOKE_CHANNELS.startConnect, { ...START, scopes: ASKED, restart: false }),
  'a single reconnect that names scopes': (invoke: Invoke) => invoke(INVOKE_CHANNELS.reconnectCompany, { tenantId: '201', scopes: ASKED }),
  'a single reconnect that names none (the company’s own)': (invoke: Invoke) => invoke(INVOKE_CHANNELS.reconnectCompany, { tenantId: '201' }),
  'a batch started from a list': (invoke: Invoke) =>
    invoke(INVOKE_CHANNELS.startBatch, { ...START, scopes: ASKED, entries: [{ orgNumber: '556677-8899', name: 'Ny Kund AB' }] }),
  'a bulk reconnect': (invoke: Invoke) => invoke(INVOKE_CHANNELS.startBatch, { ...START, scopes: ASKED, entries: [{ tenantId: '201' }, { tenantId: '202' }] }),
} as const;

type Invoke = (channel: string, payload: unknown) => Promise<unknown>;

describe('a scope profile locked by the managed configuration', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup(lock: boolean | undefined) {
    const { clock, simulator } = await start(connectionsScript());
    const app = await openApp({ dir: await tempDir(), clock, simulator, managed: managedProfile(lock) });
    await app.connect(201, [...CONNECTED_WITH]);
    await app.connect(202, [...CONNECTED_WITH]);
    const asked = () => app.windows.opened.map((window) => window.url.searchParams.get('scope')?.split(' ').sort().join(' '));
    return { ...app, asked };
  }

  it.each(Object.entries(PATHS))('is what %s asks Fortnox for, whatever the window sends', async (_path, begin) => {
    const { invoke, asked } = await setup(undefined);
    await expect(invoke(INVOKE_CHANNELS.getScopeProfiles, undefined)).resolves.toMatchObject({ managed: { locked: true } });

    await begin(invoke);

    expect(asked()).toEqual(['companyinformation invoice']);
  });

  it.each(Object.entries(PATHS))('does not hold for %s when the managed profile is only a default (lock: false)', async (_path, begin) => {
    const { invoke, asked } = await setup(false);

    await begin(invoke);

    expect(asked()).toHaveLength(1);
    expect(asked()[0]).not.toBe('companyinformation invoice');
    expect([ASKED, CONNECTED_WITH].map((scopes) => [...scopes].sort().join(' '))).toContain(asked()[0]);
  });
});
