import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IpcRefusedError } from '../../../../main/ipc/ipc-router';
import { COPY_WINDOW_MS } from '../../../../main/local-api/recently-created-keys';
import type { SaveFilePort } from '../../../../main/storage/save-file-port';
import type { FirmAuditExportResult, FirmAuditResult, FirmCreateKeyResult, FirmKeysResult } from '../../../../shared/firm-desk';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import { auditRow, firmCompany, firmUser, startFakeFirmServer, type FakeFirmServer } from '../../../support/fake-firm-server';
import { FakeClock } from '../fake-timers';
import { recordingSaveFile } from '../storage/recording-save-file';
import { useTempDirs } from '../storage/temp-dir';
import { TRUSTED } from '../app-under-test';
import { openFirmApp } from './firm-app-under-test';

/*
 * The Tools and Activity views' channels in firm mode (issue 10 items 5 and 6), through the real
 * IPC router, the real firm mode and server client, against the contract's fake firm server:
 * integration keys (admins create, list, revoke; the key crosses once and is never logged), the
 * audit a page at a time and its CSV export through the save-file port, and a specific problem
 * for every way a call can fail.
 */

const tempDir = useTempDirs();
const NEW_KEY = { name: 'Lönesystemet', companies: ['1001'], right: 'read', lifetimeDays: 90 } as const;

/** The app in firm mode, exports saved to a recording port unless `save` is given. */
const openApp = (dir: string, clock: FakeClock, save: SaveFilePort = recordingSaveFile()) => openFirmApp(dir, clock, { save });

type App = Awaited<ReturnType<typeof openApp>>;

async function signIn(app: App, fake: FakeFirmServer, role: 'admin' | 'accountant'): Promise<void> {
  await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
  await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser({ role })) });
}

describe('the Tools and Activity views in firm mode, through the IPC contract', { timeout: 20_000 }, () => {
  let fake: FakeFirmServer;
  let app: App | undefined;

  beforeEach(async () => {
    fake = await startFakeFirmServer({ companies: [firmCompany('1001', 'Bageriet AB'), firmCompany('2002', 'Snickeriet AB')] });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await fake.close();
  });

  it('lets an admin create a key (sent once, never logged, copied only while new), list it and revoke it', async () => {
    const clock = new FakeClock();
    app = await openApp(await tempDir(), clock);
    await signIn(app, fake, 'admin');
    expect(await app.invoke<FirmKeysResult>(INVOKE_CHANNELS.listFirmKeys)).toEqual({ ok: true, keys: [] });

    const created = await app.invoke<FirmCreateKeyResult>(INVOKE_CHANNELS.createFirmKey, NEW_KEY);
    if (!created.ok) throw new Error(`not created: ${created.problem}`);
    expect(created.key).toBe(fake.issuedKeys[0]);
    expect(created.serverUrl).toBe(fake.url);
    expect(created.record).toMatchObject({ name: 'Lönesystemet', companies: ['1001'], right: 'read', revokedAt: null });
    expect(fake.requests.find((request) => request.method === 'POST' && request.path === '/v1/admin/integration-keys')?.body).toEqual(NEW_KEY);
    expect(app.logText()).not.toContain(created.key);

    const listed = await app.invoke<FirmKeysResult>(INVOKE_CHANNELS.listFirmKeys);
    expect(listed).toEqual({ ok: true, keys: [created.record] });
    expect(JSON.stringify(listed)).not.toContain(created.key);

    // Copying: this key, while new; never another well-formed key the page makes up.
    expect(await app.invoke(INVOKE_CHANNELS.copyFirmKey, { key: created.key })).toEqual({ copied: true });
    expect(await app.invoke(INVOKE_CHANNELS.copyFirmKey, { key: `fxc_${'a'.repeat(36)}` })).toEqual({ copied: false, reason: 'not_recent' });
    clock.advance(COPY_WINDOW_MS + 1);
    expect(await app.invoke(INVOKE_CHANNELS.copyFirmKey, { key: created.key })).toEqual({ copied: false, reason: 'not_recent' });
    expect(app.clipboard).toEqual([created.key]);

    expect(await app.invoke(INVOKE_CHANNELS.revokeFirmKey, { id: created.record.id })).toEqual({ ok: true });
    const after = await app.invoke<FirmKeysResult>(INVOKE_CHANNELS.listFirmKeys);
    expect(after.ok && after.keys[0]?.revokedAt).toEqual(expect.any(Number));
    expect(await app.invoke(INVOKE_CHANNELS.revokeFirmKey, { id: 'key_0123456789abcdef' })).toEqual({ ok: false, problem: 'not_found' });

    // The session never reached the window, in any answer or event.
    expect(JSON.stringify([app.replies, app.sent])).not.toMatch(/fxs_/);
    expect(app.logText()).not.toContain(created.key);
  });

  it('tells an accountant that keys need an admin, and creates nothing', async () => {
    app = await openApp(await tempDir(), new FakeClock());
    await signIn(app, fake, 'accountant');
    expect(await app.invoke(INVOKE_CHANNELS.listFirmKeys)).toEqual({ ok: false, problem: 'role_required' });
    expect(await app.invoke(INVOKE_CHANNELS.createFirmKey, NEW_KEY)).toEqual({ ok: false, problem: 'role_required' });
    expect(await app.invoke(INVOKE_CHANNELS.revokeFirmKey, { id: 'key_0123456789abcdef' })).toEqual({ ok: false, problem: 'role_required' });
    expect(fake.integrationKeys).toEqual([]);
  });

  it('answers with a specific problem: off, signed out, session dropped, server down, bad input, too many keys, rate limited', async () => {
    app = await openApp(await tempDir(), new FakeClock());
    expect(await app.invoke(INVOKE_CHANNELS.listFirmKeys)).toEqual({ ok: false, problem: 'off' });
    expect(await app.invoke(INVOKE_CHANNELS.queryFirmAudit, { limit: 10 })).toEqual({ ok: false, problem: 'off' });

    await app.invoke(INVOKE_CHANNELS.saveFirmServer, { url: fake.origin });
    const before = fake.requests.length;
    expect(await app.invoke(INVOKE_CHANNELS.createFirmKey, NEW_KEY)).toEqual({ ok: false, problem: 'signed_out' });
    expect(fake.requests).toHaveLength(before);

    await app.invoke(INVOKE_CHANNELS.pairFirm, { code: fake.addPairingCode(firmUser({ role: 'admin' })) });
    fake.failNext('POST /v1/admin/integration-keys', 400, 'invalid_request');
    expect(await app.invoke(INVOKE_CHANNELS.createFirmKey, NEW_KEY)).toEqual({ ok: false, problem: 'invalid_request' });
    fake.failNext('POST /v1/admin/integration-keys', 409, 'invalid_request');
    expect(await app.invoke(INVOKE_CHANNELS.createFirmKey, NEW_KEY)).toEqual({ ok: false, problem: 'too_many_keys' });
    fake.failNext('GET /v1/firm/audit', 429, 'rate_limited', { 'retry-after': '3' });
    expect(await app.invoke(INVOKE_CHANNELS.queryFirmAudit, { limit: 10 })).toEqual({ ok: false, problem: 'rate_limited' });
    fake.failNext('GET /v1/admin/integration-keys', 500, 'internal_error');
    expect(await app.invoke(INVOKE_CHANNELS.listFirmKeys)).toEqual({ ok: false, problem: 'server_error' });

    // Input that breaks the contract never reaches the server: the router refuses it.
    const sentSoFar = fake.requests.length;
    await expect(app.invoke(INVOKE_CHANNELS.createFirmKey, { ...NEW_KEY, name: 'a\nb' })).rejects.toBeInstanceOf(IpcRefusedError);
    await expect(app.invoke(INVOKE_CHANNELS.createFirmKey, { ...NEW_KEY, session: 'fxs_x' })).rejects.toBeInstanceOf(IpcRefusedError);
    await expect(app.invoke(INVOKE_CHANNELS.queryFirmAudit, { limit: 10, tenantId: "1' OR 1=1" })).rejects.toBeInstanceOf(IpcRefusedError);
    await expect(app.invoke(INVOKE_CHANNELS.revokeFirmKey, { id: '../sessions/current' })).rejects.toBeInstanceOf(IpcRefusedError);
    await expect(app.invoke(INVOKE_CHANNELS.copyFirmKey, { key: 'any text at all' })).rejects.toBeInstanceOf(IpcRefusedError);
    // Nor does a sender other than the app window's top frame.
    await expect(app.invoke(INVOKE_CHANNELS.listFirmKeys, undefined, { ...TRUSTED, isMainFrame: false })).rejects.toBeInstanceOf(IpcRefusedError);
    expect(fake.requests).toHaveLength(sentSoFar);

    // The server dropped the session: signed out, and firm mode shows it.
    fake.sessions.clear();
    expect(await app.invoke(INVOKE_CHANNELS.listFirmKeys)).toEqual({ ok: false, problem: 'signed_out' });
    expect(app.services.firm.view().state).toBe('signed_out');
  });

  it('says the server cannot be reached when it is down', async () => {
    app = await openApp(await tempDir(), new FakeClock());
    await signIn(app, fake, 'admin');
    await fake.close();
    expect(await app.invoke(INVOKE_CHANNELS.queryFirmAudit, { limit: 10 })).toEqual({ ok: false, problem: 'unreachable' });
    expect(await app.invoke(INVOKE_CHANNELS.createFirmKey, NEW_KEY)).toEqual({ ok: false, problem: 'unreachable' });
    // For afterEach, which closes it.
    fake = await startFakeFirmServer();
  });

  it('pages the audit newest first, filters it by company, and exports it as CSV through the save dialog', async () => {
    const save = recordingSaveFile();
    app = await openApp(await tempDir(), new FakeClock(), save);
    await signIn(app, fake, 'accountant');
    fake.setAudit([
      ...Array.from({ length: 5 }, (_, index) => auditRow(index + 1)),
      auditRow(6, { action: 'connect', actorKind: 'user', actor: 'anna@byran.example', tenantId: '2002', companyName: 'Snickeriet AB' }),
      auditRow(7, { action: 'proxy', method: 'GET', path: '/3/invoices', status: 200 }),
    ]);

    const first = await app.invoke<FirmAuditResult>(INVOKE_CHANNELS.queryFirmAudit, { limit: 3 });
    if (!first.ok) throw new Error(first.problem);
    expect(first.entries.map((entry) => entry.id)).toEqual([7, 6, 5]);
    expect(first.next).toBe(5);
    const second = await app.invoke<FirmAuditResult>(INVOKE_CHANNELS.queryFirmAudit, { limit: 3, before: first.next });
    expect(second.ok && second.entries.map((entry) => entry.id)).toEqual([4, 3, 2]);
    const one = await app.invoke<FirmAuditResult>(INVOKE_CHANNELS.queryFirmAudit, { limit: 50, tenantId: '2002' });
    expect(one).toEqual({ ok: true, entries: [expect.objectContaining({ id: 6, actor: 'anna@byran.example', action: 'connect' })], next: null });
    expect(fake.requests.map((request) => request.path)).toContain('/v1/firm/audit?limit=50&tenantId=2002');

    const exported = await app.invoke<FirmAuditExportResult>(INVOKE_CHANNELS.exportFirmAudit, { tenantId: '1001' });
    expect(exported).toEqual({ ok: true, saved: true, rows: 6 });
    // The window is told how it went, never where the file went.
    expect(Object.keys(exported).sort()).toEqual(['ok', 'rows', 'saved']);
    expect(save.files).toHaveLength(1);
    expect(save.files[0]?.name).toBe('firm-audit-2025-01-15.csv');
    // The window starts in Swedish: the server is asked for `;` between cells, as Swedish Excel splits on.
    expect(fake.requests.map((request) => request.path)).toContain('/v1/firm/audit.csv?tenantId=1001&separator=%3B');
    const lines = save.files[0]?.text.trim().split('\r\n') ?? [];
    expect(lines[0]).toBe('id;at;action;actor_kind;actor;tenant_id;company_name;method;path;status');
    expect(lines.slice(1).map((line) => line.split(';')[0])).toEqual(['7', '5', '4', '3', '2', '1']);
  });

  it('asks the server for the CSV separator of the window’s language: `;` in Swedish, `,` in English', async () => {
    const save = recordingSaveFile();
    app = await openApp(await tempDir(), new FakeClock(), save);
    await signIn(app, fake, 'accountant');
    fake.setAudit([auditRow(1, { companyName: 'Bröd, Kaffe; och Bullar AB' })]);

    await app.invoke(INVOKE_CHANNELS.setUiLanguage, { language: 'sv' });
    expect(await app.invoke(INVOKE_CHANNELS.exportFirmAudit, {})).toEqual({ ok: true, saved: true, rows: 1 });
    await app.invoke(INVOKE_CHANNELS.setUiLanguage, { language: 'en' });
    expect(await app.invoke(INVOKE_CHANNELS.exportFirmAudit, {})).toEqual({ ok: true, saved: true, rows: 1 });

    const asked = fake.requests.filter((request) => request.path.startsWith('/v1/firm/audit.csv')).map((request) => new URL(request.path, fake.origin).searchParams.get('separator'));
    expect(asked).toEqual([';', ',']);
    expect(save.files.map((file) => file.text.split('\r\n')[0])).toEqual([
      'id;at;action;actor_kind;actor;tenant_id;company_name;method;path;status',
      'id,at,action,actor_kind,actor,tenant_id,company_name,method,path,status',
    ]);
    const [swedish, english] = save.files.map((file) => file.text.split('\r\n')[1] ?? '');
    expect(swedish).toContain(';"Bröd, Kaffe; och Bullar AB";');
    expect(english).toContain(',"Bröd, Kaffe; och Bullar AB",');
  });

  it('reports a cancelled save dialog and a file that could not be written', async () => {
    app = await openApp(await tempDir(), new FakeClock(), recordingSaveFile({ cancel: true }));
    await signIn(app, fake, 'accountant');
    fake.setAudit([auditRow(1)]);
    expect(await app.invoke(INVOKE_CHANNELS.exportFirmAudit, {})).toEqual({ ok: true, saved: false, rows: 0 });
    await app.close();

    const failing: SaveFilePort = { save: () => Promise.reject(new Error('EACCES: /home/anna/secret-place.csv')) };
    app = await openApp(await tempDir(), new FakeClock(), failing);
    await signIn(app, fake, 'accountant');
    expect(await app.invoke(INVOKE_CHANNELS.exportFirmAudit, {})).toEqual({ ok: false, problem: 'not_saved' });
    expect(app.logText()).not.toContain('secret-place');
  });
});
