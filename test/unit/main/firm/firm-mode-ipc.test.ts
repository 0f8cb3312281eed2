import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManagedSource } from '../../../../main/config/managed-source';
import type { FirmResult, FirmView } from '../../../../shared/firm-mode';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { AppInfo, BatchStatus, CompanyList } from '../../../../shared/ipc-contract';
import { firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../../support/fake-firm-server';
import { DESKTOP_CLIENT_ID, DESKTOP_TEST_AUDIENCE, followInBrowser, jwtClaims, startDesktopIdentityProvider } from '../../../support/desktop-identity-provider';
import { FakeClock } from '../fake-timers';
import { useTempDirs } from '../storage/temp-dir';
import { openFirmApp } from './firm-app-under-test';

const tempDir = useTempDirs();
const REDIRECT = 'http://127.0.0.1:51234/callback';
const FORTNOX = { clientId: 'firm-fortnox-client', authorizeUrl: 'https://apps.fortnox.se/oauth-v1/auth', redirectUris: [REDIRECT] };

/** Every file under `dir`, read as text (the data folder after a run). */
async function readEveryFile(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')));
  return texts.join('\n');
}

/** Waits until `check` holds, giving the sockets a turn in between (no timers involved). */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 2000 && !check(); turn += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

// Real sockets, an encrypted vault and several HTTP round trips per test: generous on a shared machine.
describe('firm mode through the IPC contract', { timeout: 20_000 }, () => {
  let fake: FakeFirmServer;
  let app: Awaited<ReturnType<typeof openFirmApp>> | undefined;

  beforeEach(async () => {
    fake = await startFakeFirmServer({ fortnox: FORTNOX, companies: [firmCompany('1001', 'Bageriet AB')] });
  });
  afterEach(async () => {
    await app?.close();
    await fake.close();
  });

  it('is off until a URL is saved, then asks for a sign-in and lists nothing', async () => {
    app = await openFirmApp(await tempDir(), new FakeClock());
    expect(await app.invoke<FirmView>(INVOKE_CHANNELS.getFirmServer)).toMatchObject({ url: null, state: 'off', user: null });
    const saved = await app.invoke<FirmResult>(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    expect(saved).toMatchObject({ ok: true, view: { url: fake.url, state: 'signed_out', signIn: { oidc: false, pairing: true } } });
    expect((await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies).toEqual([]);
    const info = await app.invoke<AppInfo>(INVOKE_CHANNELS.getAppInfo);
    expect(info.config).toEqual({ ok: false, problems: [{ field: 'firmServer', problem: 'missing', source: 'settings-file' }] });
  });

  it('refuses a URL that is not https and a pairing code that cannot be one, without calling the server', async () => {
    app = await openFirmApp(await tempDir(), new FakeClock());
    expect(await app.invoke<FirmResult>(INVOKE_CHANNELS.saveFirmServer, { url: 'http://firm.example' })).toMatchObject({ ok: false, problem: 'not_https' });
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    const requests = fake.requests.length;
    expect(await app.invoke<FirmResult>(INVOKE_CHANNELS.pairFirm, { code: 'hello' })).toMatchObject({ ok: false, problem: 'pairing_code_invalid' });
    expect(fake.requests).toHaveLength(requests);
  });

  it('signs in with a pairing code, lists the server’s companies and follows its changes live', async () => {
    app = await openFirmApp(await tempDir(), new FakeClock());
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    const code = fake.addPairingCode(firmUser({ role: 'admin' }));
    const paired = await app.invoke<FirmResult>(INVOKE_CHANNELS.pairFirm, { code: code.toLowerCase().replace(/-/g, ' ') });
    expect(paired).toMatchObject({ ok: true, view: { user: { email: 'anna@byran.example', role: 'admin' } } });
    expect(fake.requests.find((entry) => entry.path === '/v1/sessions/pairing')?.body).toEqual({ code, deviceName: 'Annas dator' });
    expect((await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies.map((company) => company.tenantId)).toEqual(['1001']);
    expect((await app.invoke<AppInfo>(INVOKE_CHANNELS.getAppInfo)).config).toEqual({ ok: true, authorizeOrigin: 'https://apps.fortnox.se' });

    await fake.eventStreams(1);
    fake.setCompanies([firmCompany('1001', 'Bageriet AB'), firmCompany('2002', 'Snickeriet AB')]);
    await until(() => app?.changes().some((change) => change.upserted.some((company) => company.tenantId === '2002')) ?? false);
    expect((await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies.map((company) => company.tenantId)).toEqual(['1001', '2002']);
    await until(() => app?.services.firm.view().state === 'live');
    // The session never leaves main.
    expect(JSON.stringify(app.sent)).not.toContain('fxs_');
  });

  it('hands a verified code to the server; afterwards the data folder holds no code, token or secret', async () => {
    const dir = await tempDir();
    app = await openFirmApp(dir, new FakeClock());
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
    fake.onAuthorize(() => firmCompany('3003', 'Måleriet AB', { grantedScopes: ['companyinformation'] }));

    const started = await app.invoke<{ result: string }>(INVOKE_CHANNELS.startConnect, {
      scopes: ['companyinformation', 'invoice'],
      offlineAccess: true,
      serviceAccount: false,
      restart: false,
    });
    expect(started.result).toBe('started');
    const window = app.windows.last;
    expect(window.url.origin).toBe('https://apps.fortnox.se');
    expect(window.url.searchParams.get('client_id')).toBe(FORTNOX.clientId);
    expect(window.url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    window.navigate(`${REDIRECT}?code=the-fortnox-code-123&state=${window.state}`);
    await until(() => app?.flow().at(-1)?.phase === 'succeeded');
    expect(app.flow().at(-1)).toMatchObject({ phase: 'succeeded', company: { tenantId: '3003', reconnected: false, scopesNotGranted: ['invoice'] } });
    expect(fake.authorizations).toEqual([
      { code: 'the-fortnox-code-123', redirectUri: REDIRECT, requestedScopes: ['companyinformation', 'invoice'], offlineAccess: true, accountType: 'user' },
    ]);

    // Test and disconnect go to the server too.
    expect(await app.invoke(INVOKE_CHANNELS.testCompany, { tenantId: '3003' })).toMatchObject({ ok: true, companyName: 'Måleriet AB' });
    expect(await app.invoke(INVOKE_CHANNELS.disconnectCompany, { tenantId: '3003' })).toEqual({ removed: true, revoked: true, issue: null });
    expect(fake.requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual(
      expect.arrayContaining(['POST /v1/firm/companies/3003/test', 'DELETE /v1/firm/companies/3003']),
    );

    await app.services.audit.close();
    const stored = await readEveryFile(dir);
    expect(stored).not.toContain('the-fortnox-code-123');
    expect(stored).not.toContain('fxs_');
    expect(stored).not.toMatch(/access_?token|refresh_?token|client_?secret/i);
    expect(app.services.connections.list()).toEqual([]);
    expect(app.logText()).not.toContain('the-fortnox-code-123');
  });

  it('shows signed out when the server drops the session, and signs out at the server on request', async () => {
    app = await openFirmApp(await tempDir(), new FakeClock());
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
    fake.sessions.clear();
    expect(await app.invoke(INVOKE_CHANNELS.testCompany, { tenantId: '1001' })).toMatchObject({ ok: false, issue: 'firm_signed_out' });
    await until(() => app?.services.firm.view().state === 'signed_out');
    expect((await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies).toEqual([]);

    await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
    expect(fake.sessions.size).toBe(1);
    const out = await app.invoke<FirmResult>(INVOKE_CHANNELS.signOutFirm);
    expect(out).toMatchObject({ ok: true, view: { state: 'signed_out', user: null } });
    expect(fake.sessions.size).toBe(0);
  });

  it('keeps the session across a restart and never sends it to a server with another URL', async () => {
    const dir = await tempDir();
    const clock = new FakeClock();
    app = await openFirmApp(dir, clock);
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
    await app.close();

    app = await openFirmApp(dir, clock);
    await app.services.firm.settled();
    expect(app.services.firm.view()).toMatchObject({ state: expect.stringMatching(/connecting|live/), user: { email: 'anna@byran.example' } });
    expect((await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies.map((company) => company.tenantId)).toEqual(['1001']);

    const other = await startFakeFirmServer({ fortnox: FORTNOX });
    try {
      await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: other.origin });
      expect(app.services.firm.view()).toMatchObject({ state: 'signed_out', user: null });
      expect(other.requests.every((entry) => entry.authorization === null)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('turned off, shows this computer’s companies again; a managed URL cannot be changed', async () => {
    const managed: ManagedSource = {
      load: () => Promise.resolve({ managed: { raw: {}, locked: new Set(), firmServer: { url: fake.url, locked: true } }, problems: [] }),
    };
    app = await openFirmApp(await tempDir(), new FakeClock(), { managed });
    expect(app.services.firm.view()).toMatchObject({ url: fake.url, locked: true, state: 'signed_out' });
    expect(await app.invoke<FirmResult>(INVOKE_CHANNELS.saveFirmServer, { url: '' })).toMatchObject({ ok: false, problem: 'locked' });
    await app.close();

    app = await openFirmApp(await tempDir(), new FakeClock());
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
    expect(fake.sessions.size).toBe(1);
    const off = await app.invoke<FirmResult>(INVOKE_CHANNELS.saveFirmServer, { url: '' });
    expect(off).toMatchObject({ ok: true, view: { state: 'off' } });
    // Turning firm mode off ends the session at the server too.
    expect(fake.sessions.size).toBe(0);
    expect(app.changes().at(-1)).toEqual({ upserted: [], removed: ['1001'], attention: [] });
  });

  it('signs in through the firm’s identity provider in the system browser, and a sign-in left open can be cancelled', async () => {
    const idp = await startDesktopIdentityProvider();
    const oidcFirm = await startFakeFirmServer({
      fortnox: FORTNOX,
      companies: [firmCompany('1001', 'Bageriet AB')],
      oidc: { issuer: idp.issuer, clientId: DESKTOP_CLIENT_ID, scopes: ['openid', 'email', 'profile'] },
      checkIdpToken: (token) => {
        const claims = jwtClaims(token);
        return claims?.aud === DESKTOP_TEST_AUDIENCE && typeof claims.email === 'string' ? firmUser({ email: claims.email }) : null;
      },
    });
    let browse: (url: string) => void = (url) => void followInBrowser(url);
    try {
      app = await openFirmApp(await tempDir(), new FakeClock(), {
        openSignInPage: (url) => {
          browse(url);
          return Promise.resolve();
        },
      });
      const saved = await app.invoke<FirmResult>(INVOKE_CHANNELS.saveFirmServer, { url: oidcFirm.origin });
      expect(saved.view.signIn).toEqual({ oidc: true, pairing: true });
      const signedIn = await app.invoke<FirmResult>(INVOKE_CHANNELS.signInFirm);
      expect(signedIn).toMatchObject({ ok: true, view: { user: { email: 'anna@byran.example' }, signingIn: false } });
      expect((await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies.map((company) => company.tenantId)).toEqual(['1001']);
      await app.invoke(INVOKE_CHANNELS.signOutFirm);

      // The user never finishes in the browser: Cancel ends the wait and closes the loopback listener.
      let redirect = '';
      browse = (url) => {
        redirect = new URL(url).searchParams.get('redirect_uri') ?? '';
      };
      const pending = app.invoke<FirmResult>(INVOKE_CHANNELS.signInFirm);
      await until(() => redirect !== '' && app?.services.firm.view().signingIn === true);
      expect(await app.invoke(INVOKE_CHANNELS.cancelFirmSignIn)).toEqual({ cancelled: true });
      expect(await pending).toMatchObject({ ok: false, problem: 'cancelled', view: { signingIn: false, user: null } });
      await expect(fetch(redirect)).rejects.toThrow();
      expect(app.logText()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    } finally {
      await app?.close();
      await oidcFirm.close();
      await idp.close();
    }
  });

  it('reads the server’s Fortnox client once the live list connects when it could not be read at sign-in', async () => {
    app = await openFirmApp(await tempDir(), new FakeClock());
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    fake.failNext('GET /v1/firm/fortnox', 503, 'internal_error');
    const paired = await app.invoke<FirmResult>(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
    expect(paired).toMatchObject({ ok: true, view: { connectReady: false } });
    expect((await app.invoke<AppInfo>(INVOKE_CHANNELS.getAppInfo)).config.ok).toBe(false);
    await until(() => app?.services.firm.view().connectReady === true);
    expect((await app.invoke<AppInfo>(INVOKE_CHANNELS.getAppInfo)).config).toEqual({ ok: true, authorizeOrigin: 'https://apps.fortnox.se' });
    expect(app.sent.filter((event) => event.channel === EVENT_CHANNELS.firmChanged).at(-1)?.payload).toMatchObject({ connectReady: true, state: 'live' });
  });

  it('runs a batch through the server: codes handed over, a company not on the list let go at the server', async () => {
    app = await openFirmApp(await tempDir(), new FakeClock());
    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
    fake.onAuthorize((request) =>
      request.code === 'code-201' ? firmCompany('201', 'Tvåan AB', { organizationNumber: '556201-0201' }) : firmCompany('999', 'Okänd AB'),
    );
    const batchStatus = () => app?.sent.filter((event) => event.channel === EVENT_CHANNELS.batchStatus).at(-1)?.payload as BatchStatus | undefined;
    const started = await app.invoke<{ started: boolean }>(INVOKE_CHANNELS.startBatch, {
      entries: [{ orgNumber: '556201-0201', name: 'Tvåan' }],
      scopes: ['companyinformation'],
      offlineAccess: true,
      serviceAccount: false,
    });
    expect(started.started).toBe(true);

    // The first sign-in reaches a company not on the list: the server has it, the user lets it go.
    const first = app.windows.last;
    first.navigate(`${REDIRECT}?code=code-999&state=${first.state}`);
    await until(() => batchStatus()?.entries.at(-1)?.decision === 'pending');
    expect(await app.invoke(INVOKE_CHANNELS.answerBatchUnexpected, { entryId: 1, keep: false })).toEqual({ decision: 'discarded' });
    await until(() => fake.requests.some((entry) => entry.method === 'DELETE' && entry.path === '/v1/firm/companies/999'));

    // The next sign-in reaches the listed company.
    await until(() => app?.windows.opened.length === 2);
    const second = app.windows.last;
    second.navigate(`${REDIRECT}?code=code-201&state=${second.state}`);
    await until(() => batchStatus()?.state === 'finished');
    expect(batchStatus()).toMatchObject({ counts: { total: 1, connected: 1 } });
    expect(fake.authorizations.map((entry) => entry.code)).toEqual(['code-999', 'code-201']);
    expect(app.services.firm.connections.list().map((company) => company.tenantId)).toEqual(['1001', '201']);
    expect(app.services.connections.list()).toEqual([]);
  });

  it('a company one desktop connects appears live in a second desktop signed in to the same server', async () => {
    app = await openFirmApp(await tempDir(), new FakeClock());
    const second = await openFirmApp(await tempDir(), new FakeClock());
    try {
      for (const desktop of [app, second]) {
        await desktop.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
        await desktop.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser()) });
      }
      await fake.eventStreams(2);
      fake.onAuthorize(() => firmCompany('4004', 'Glasmästeriet AB'));
      await app.invoke(INVOKE_CHANNELS.startConnect, { scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false, restart: false });
      app.windows.last.navigate(`${REDIRECT}?code=code-4004&state=${app.windows.last.state}`);
      await until(() => second.changes().some((change) => change.upserted.some((company) => company.tenantId === '4004')));
      expect((await second.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies)).companies.map((company) => company.tenantId)).toEqual(['1001', '4004']);

      // And the first one's disconnect (once its own sign-in has finished) removes it from the second's list.
      await until(() => app?.flow().at(-1)?.phase === 'succeeded');
      expect(await app.invoke(INVOKE_CHANNELS.disconnectCompany, { tenantId: '4004' })).toEqual({ removed: true, revoked: true, issue: null });
      await until(() => second.changes().some((change) => change.removed.includes('4004')));
      expect(second.windows.opened).toHaveLength(0);
    } finally {
      await second.close();
    }
  });
});
