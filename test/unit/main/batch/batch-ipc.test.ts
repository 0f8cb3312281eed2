import { describe, expect, it, vi } from 'vitest';
import { batchStatusSchema, type BatchStatus } from '../../../../shared/batch-contract';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { FortnoxSimulator } from '../../../../simulator/fortnox-simulator';
import { answerConsent, authorizationIdIn, TestBrowser, type PageResponse } from '../../simulator/simulator-test-kit';
import { HELD_GRANT_TIMEOUT_MS } from '../../../../main/connections/held-grants';
import { openApp } from '../app-under-test';
import type { FakeSignInWindow } from '../fake-sign-in-window';
import { connectionsScript, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';

/**
 * The person at Fortnox's pages in ONE browser session, as the batch's shared sign-in session
 * is: logs in when asked, picks the company and approves; returns the redirect to hand the window.
 */
async function pickAndApprove(browser: TestBrowser, simulator: FortnoxSimulator, window: FakeSignInWindow, tenantId: number): Promise<string> {
  let page: PageResponse = await browser.get(window.request.url);
  if (page.body.includes('Logga in')) {
    page = await browser.post(`${simulator.origin}/oauth-v1/login`, { authorization_id: authorizationIdIn(page), username: 'multi', password: 'pw-multi' });
  }
  page = await browser.post(`${simulator.origin}/oauth-v1/company`, { authorization_id: authorizationIdIn(page), tenant_id: String(tenantId) });
  const redirect = await answerConsent(browser, simulator, page, 'approve');
  if (redirect.location === null) throw new Error('no redirect');
  return redirect.location;
}

describe('batch connect over IPC, on the real app services and the simulator', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function setup() {
    const { clock, simulator } = await start(connectionsScript());
    const app = await openApp({ dir: await tempDir(), clock, simulator });
    const statuses = () => app.sent.filter((event) => event.channel === EVENT_CHANNELS.batchStatus).map((event) => event.payload as BatchStatus);
    return { simulator, clock, statuses, ...app };
  }

  const START = { scopes: ['companyinformation', 'invoice'], offlineAccess: true, serviceAccount: false };

  it('connects a list by organisation number with one Fortnox login and pushes a valid status at every step', async () => {
    const { simulator, invoke, windows, statuses, services } = await setup();
    const entries = [
      { orgNumber: '556201-0201', name: 'Tvåan' },
      { orgNumber: '969202-0202', name: 'Trean' },
    ];
    const started = await invoke<{ started: boolean }>(INVOKE_CHANNELS.startBatch, { ...START, entries });
    expect(started.started).toBe(true);
    const browser = new TestBrowser();
    for (const tenantId of [201, 202]) {
      windows.last.navigate(await pickAndApprove(browser, simulator, windows.last, tenantId));
      expect(statuses().at(-1)?.phase).toBe('exchanging');
      // The exchange runs against the simulator over HTTP; the batch moves on by itself when it is done.
      await vi.waitFor(() => expect(statuses().at(-1)?.phase === 'signing-in' || statuses().at(-1)?.state === 'finished').toBe(true));
    }
    expect(simulator.successfulLogins()).toBe(1);
    expect(services.connections.list().map((company) => company.tenantId).sort()).toEqual(['201', '202']);
    const last = await invoke<BatchStatus>(INVOKE_CHANNELS.getBatchStatus, undefined);
    expect(last).toMatchObject({ state: 'finished', counts: { total: 2, connected: 2 } });
    expect(windows.released).toHaveLength(1);
    for (const status of statuses()) expect(batchStatusSchema.safeParse(status).success).toBe(true);
  });

  it("keeps a batch's question about a company not on the list when a single Connect starts meanwhile", async () => {
    const { simulator, invoke, windows, statuses, services } = await setup();
    await invoke(INVOKE_CHANNELS.startBatch, { ...START, entries: [{ orgNumber: '556201-0201', name: 'Tvåan' }] });
    windows.last.navigate(await pickAndApprove(new TestBrowser(), simulator, windows.last, 202));
    await vi.waitFor(() => expect(statuses().at(-1)?.state).toBe('question'));
    await invoke(INVOKE_CHANNELS.startConnect, { ...START, restart: false });
    await expect(invoke(INVOKE_CHANNELS.answerBatchUnexpected, { entryId: 1, keep: true })).resolves.toEqual({ decision: 'kept' });
    expect(services.connections.list().map((company) => company.tenantId)).toEqual(['202']);
    expect(simulator.revocations()).toEqual([]);
  });

  it("refuses a batch's flow id on the single-company keep and let-go channels; the batch's question stays open", async () => {
    const { simulator, invoke, windows, statuses, services, main } = await setup();
    await invoke(INVOKE_CHANNELS.startBatch, { ...START, entries: [{ orgNumber: '556201-0201', name: 'Tvåan' }] });
    windows.last.navigate(await pickAndApprove(new TestBrowser(), simulator, windows.last, 202));
    await vi.waitFor(() => expect(statuses().at(-1)?.state).toBe('question'));
    const [flowId] = main.batch.heldFlowIds();
    expect(flowId).toBeDefined();

    await expect(invoke(INVOKE_CHANNELS.keepHeldCompany, { flowId })).resolves.toEqual({ kept: false, issue: null });
    await expect(invoke(INVOKE_CHANNELS.discardHeldCompany, { flowId })).resolves.toEqual({ discarded: false });
    await services.connections.revocationsSettled();

    expect(services.connections.list()).toEqual([]);
    expect(simulator.revocations()).toEqual([]);
    expect(statuses().at(-1)?.entries.at(-1)).toMatchObject({ onList: false, decision: 'pending' });
    await expect(invoke(INVOKE_CHANNELS.answerBatchUnexpected, { entryId: 1, keep: true })).resolves.toEqual({ decision: 'kept' });
    expect(services.connections.list().map((company) => company.tenantId)).toEqual(['202']);
  });

  it("a bulk reconnect asks each connected company for what it has, not the union the window sends", async () => {
    const { simulator, invoke, windows, statuses, services } = await setup();
    const browser = new TestBrowser();
    const connect = async (entries: { orgNumber?: string; tenantId?: string }[], request: object, tenants: number[]) => {
      await invoke(INVOKE_CHANNELS.startBatch, { ...request, entries });
      for (const tenantId of tenants) {
        const before = windows.opened.length;
        windows.last.navigate(await pickAndApprove(browser, simulator, windows.last, tenantId));
        await vi.waitFor(() => expect(windows.opened.length > before || statuses().at(-1)?.state === 'finished').toBe(true));
      }
      await vi.waitFor(() => expect(statuses().at(-1)?.state).toBe('finished'));
    };
    // Tvåan access-only with company information; Trean with invoices too, offline.
    await connect([{ orgNumber: '556201-0201' }], { scopes: ['companyinformation'], offlineAccess: false, serviceAccount: false }, [201]);
    await connect([{ orgNumber: '969202-0202' }], START, [202]);
    const asked: { scope: string | undefined; accessType: string | null }[] = [];
    const opened = windows.opened.length;
    await connect([{ tenantId: '201' }, { tenantId: '202' }], START, [201, 202]);
    for (const window of windows.opened.slice(opened)) {
      asked.push({ scope: window.url.searchParams.get('scope')?.split(' ').sort().join(' '), accessType: window.url.searchParams.get('access_type') });
    }
    expect(asked).toEqual([
      { scope: 'companyinformation', accessType: null },
      { scope: 'companyinformation invoice', accessType: 'offline' },
    ]);
    expect(services.connections.record('201')).toMatchObject({ requestedScopes: ['companyinformation'], offlineAccess: false });
  });

  it("a batch's question ends as expired when its held grant runs out, the grant is revoked and the batch goes on", async () => {
    const { simulator, invoke, windows, statuses, clock } = await setup();
    await invoke(INVOKE_CHANNELS.startBatch, { ...START, entries: [{ orgNumber: '556201-0201' }, { orgNumber: '556677-8899' }] });
    windows.last.navigate(await pickAndApprove(new TestBrowser(), simulator, windows.last, 202));
    await vi.waitFor(() => expect(statuses().at(-1)?.state).toBe('question'));
    const opened = windows.opened.length;
    clock.advance(HELD_GRANT_TIMEOUT_MS);
    await vi.waitFor(() => expect(simulator.revocations()).toHaveLength(1));
    const last = statuses().at(-1);
    expect(last?.entries.at(-1)).toMatchObject({ onList: false, decision: 'expired' });
    expect(last).toMatchObject({ state: 'running', currentEntryId: 0, phase: 'signing-in' });
    expect(windows.opened).toHaveLength(opened + 1);
    await expect(invoke(INVOKE_CHANNELS.answerBatchUnexpected, { entryId: 2, keep: true })).resolves.toEqual({ decision: null });
  });

  it('a "no" to a company not on the list stays "discarded" when its grant is let go', async () => {
    const { simulator, invoke, windows, statuses } = await setup();
    await invoke(INVOKE_CHANNELS.startBatch, { ...START, entries: [{ orgNumber: '556201-0201' }] });
    windows.last.navigate(await pickAndApprove(new TestBrowser(), simulator, windows.last, 202));
    await vi.waitFor(() => expect(statuses().at(-1)?.state).toBe('question'));
    await expect(invoke(INVOKE_CHANNELS.answerBatchUnexpected, { entryId: 1, keep: false })).resolves.toEqual({ decision: 'discarded' });
    expect(statuses().at(-1)?.entries.at(-1)).toMatchObject({ decision: 'discarded' });
  });

  it('refuses malformed batch requests at the router', async () => {
    const { invoke } = await setup();
    await expect(invoke(INVOKE_CHANNELS.startBatch, { ...START, entries: [{ orgNumber: '5566778899' }] })).rejects.toThrow('IPC request refused');
    await expect(invoke(INVOKE_CHANNELS.startBatch, { ...START, entries: [{ name: 'Bara namn' }] })).rejects.toThrow('IPC request refused');
    await expect(invoke(INVOKE_CHANNELS.startBatch, { ...START, scopes: [], entries: [] })).rejects.toThrow('IPC request refused');
    await expect(invoke(INVOKE_CHANNELS.answerBatchUnexpected, { entryId: -1, keep: true })).rejects.toThrow('IPC request refused');
    await expect(invoke(INVOKE_CHANNELS.skipBatchEntry, { entryId: 0, extra: 1 })).rejects.toThrow('IPC request refused');
  });

  it('does not start a batch beside an open single sign-in', async () => {
    const { invoke } = await setup();
    await invoke(INVOKE_CHANNELS.startConnect, { ...START, restart: false });
    await expect(invoke(INVOKE_CHANNELS.startBatch, { ...START, entries: [] })).resolves.toEqual({ started: false, reason: 'already_running' });
  });
});
