import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useMigratedPglite } from '../auth/migrated-databases';
import { pairedFirmApp } from './firm-connections-kit';
import { createFirmDeskHandlers } from '../../../../main/firm/firm-desk-handlers';
import { FirmServerClient } from '../../../../main/firm/firm-server-client';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { Language } from '../../../../shared/ui-language';
import { recordingLogger } from '../../main/recording-logger';
import { recordingSaveFile } from '../../main/storage/recording-save-file';

/*
 * (Here with the server's tests, which FIRM_SERVER_TESTS=off leaves out.) The desktop's firm-mode Tools and Activity handlers against the real firm server app (Fastify
 * over PGlite, listening on 127.0.0.1), not the fake: the contract as the server really answers
 * it, admin and accountant, including the audit rows the key changes leave and the CSV export.
 */

const db = useMigratedPglite({ emptyBeforeEach: 'users, sessions, pairing_codes, audit, integration_keys' });

async function serverWith(role: 'admin' | 'accountant', language: Language = 'sv') {
  const { app, clock, session } = await pairedFirmApp(db, { email: `${role}@byran.se`, role, deviceName: 'test' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const logger = recordingLogger();
  const save = recordingSaveFile();
  const clipboard: string[] = [];
  const client = new FirmServerClient({ baseUrl: `http://127.0.0.1:${port}/`, fetcher: (url, init) => fetch(url, init), session: () => session, log: logger.log });
  const handlers = createFirmDeskHandlers({ server: () => ({ client, signedIn: true }), save, writeClipboard: (text) => clipboard.push(text), language: () => language, now: clock.now, log: logger.log });
  return { handlers, logger, save, clipboard, session };
}

describe('firm mode’s Tools and Activity handlers against the real firm server', { timeout: 30_000 }, () => {
  it('lets an admin create, list and revoke a key; the audit shows both, newest first, and exports as CSV', async () => {
    const { handlers, logger, save, session } = await serverWith('admin');
    const created = await handlers[INVOKE_CHANNELS.createFirmKey]({ name: 'Bokslut', companies: ['101'], right: 'read', lifetimeDays: 30 });
    if (!created.ok) throw new Error(created.problem);
    expect(created.key).toMatch(/^fxc_[0-9A-Za-z]{36}$/);
    const listed = await handlers[INVOKE_CHANNELS.listFirmKeys](undefined);
    expect(listed).toEqual({ ok: true, keys: [created.record] });
    expect(await handlers[INVOKE_CHANNELS.revokeFirmKey]({ id: created.record.id })).toEqual({ ok: true });
    expect(await handlers[INVOKE_CHANNELS.revokeFirmKey]({ id: 'key_0123456789abcdef' })).toEqual({ ok: false, problem: 'not_found' });

    const audit = await handlers[INVOKE_CHANNELS.queryFirmAudit]({ limit: 50 });
    if (!audit.ok) throw new Error(audit.problem);
    const actions = audit.entries.map((entry) => entry.action);
    expect(actions.indexOf('key_revoked')).toBeLessThan(actions.indexOf('key_created'));
    expect(audit.entries.find((entry) => entry.action === 'key_created')).toMatchObject({ actorKind: 'user', actor: 'admin@byran.se' });

    expect(await handlers[INVOKE_CHANNELS.exportFirmAudit]({})).toEqual({ ok: true, saved: true, rows: audit.entries.length });
    // The window is in Swedish: the server writes `;` between cells, as a Swedish Excel splits on.
    expect(save.files[0]?.text.split('\r\n')[0]).toBe('id;at;action;actor_kind;actor;tenant_id;company_name;method;path;status');
    expect(save.files[0]?.text).not.toContain(created.key);
    expect(logger.text()).not.toContain(created.key);
    expect(logger.text()).not.toContain(session);
  });

  it('exports with `,` between cells when the window is in English', async () => {
    const { handlers, save } = await serverWith('admin', 'en');
    expect(await handlers[INVOKE_CHANNELS.createFirmKey]({ name: 'Lön', companies: 'all', right: 'read', lifetimeDays: null })).toMatchObject({ ok: true });
    expect(await handlers[INVOKE_CHANNELS.exportFirmAudit]({})).toMatchObject({ ok: true, saved: true });
    const [header, ...rows] = save.files[0]?.text.split('\r\n').filter(Boolean) ?? [];
    expect(header).toBe('id,at,action,actor_kind,actor,tenant_id,company_name,method,path,status');
    expect(rows.some((row) => /^\d+,[^,]+,key_created,user,admin@byran\.se,/.test(row))).toBe(true);
  });

  it('refuses an accountant the key routes with role_required, and shows them the audit', async () => {
    const { handlers } = await serverWith('accountant');
    expect(await handlers[INVOKE_CHANNELS.listFirmKeys](undefined)).toEqual({ ok: false, problem: 'role_required' });
    expect(await handlers[INVOKE_CHANNELS.createFirmKey]({ name: 'X', companies: 'all', right: 'read', lifetimeDays: null })).toEqual({ ok: false, problem: 'role_required' });
    expect(await handlers[INVOKE_CHANNELS.queryFirmAudit]({ limit: 10 })).toMatchObject({ ok: true });
  });
});
