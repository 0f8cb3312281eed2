import { describe, expect, it, vi } from 'vitest';
import { COMPANY_NAME_MAX } from '../../../../shared/company-record';
import { INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { CompanyList, FlowStatusMessage, TestResult } from '../../../../shared/ipc-contract';
import { isCleanText } from '../../../../shared/untrusted-text';
import { openApp, readCompaniesFile } from '../app-under-test';
import { connectionsScript, leakedSecrets, useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';

/** Every character the shared sanitiser must remove, in one hostile string. */
const HOSTILE = '\u202eexe.gnp\u202c\u2066\u2069\u200e\u200f\u061c\u0085\u2028\u2029\u0000\u001b[31m\u007f\u009b';
// eslint-disable-next-line no-control-regex -- the characters the sanitiser must remove
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * Issue 7, findings 3 and 8: what Fortnox sends is normalised where it enters the app (token
 * answers, company information, error descriptions), through the real services and IPC router.
 */
describe('odd values in Fortnox answers are normalised at the boundary', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function app(script = connectionsScript()) {
    const { clock, simulator } = await start(script);
    const opened = await openApp({ dir: await tempDir(), clock, simulator });
    return { ...opened, clock, simulator };
  }

  it('drops and logs malformed scope strings in a token answer, and keeps the others', async () => {
    const { connect, invoke, simulator, records } = await app();
    simulator.controls.tokenAnswerOverrides = { scope: `companyinformation invoice in/voice ${'x'.repeat(65)} futurescope` };

    await connect(101);

    const list = await invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);
    expect(list.companies[0]?.grantedScopes).toEqual(['companyinformation', 'invoice', 'futurescope']);
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', fields: { dropped: 2 } }));
  });

  it.each([
    { expiresIn: 1e15, seconds: 24 * 60 * 60 },
    { expiresIn: '1000000000000000', seconds: 24 * 60 * 60 },
    { expiresIn: -30, seconds: 0 },
    { expiresIn: 3599.9, seconds: 3599 },
  ])('clamps expires_in $expiresIn to $seconds seconds instead of refusing the code exchange', async ({ expiresIn, seconds }) => {
    const { connect, invoke, simulator, clock } = await app();
    simulator.controls.tokenAnswerOverrides = { expires_in: expiresIn };
    const before = clock.now();

    await connect(101);

    const list = await invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);
    expect(list.companies[0]?.accessTokenExpiresAt).toBe(before + seconds * 1000);
  });

  it('cleans and cuts a 300-character company name with bidirectional overrides wherever it is stored, sent or copied', async () => {
    const script = connectionsScript();
    const user = script.users.find((candidate) => candidate.username === 'user-501');
    const company = user?.companies[0];
    if (!company) throw new Error('script changed');
    company.name = `Bolag${HOSTILE}AB ${'ö'.repeat(300)}`;
    const { connect, invoke, clipboard, sent, simulator } = await app(script);

    const connected = await connect(501);
    await invoke(INVOKE_CHANNELS.testCompany, { tenantId: '501' });
    await invoke(INVOKE_CHANNELS.copyCompanyDetails, { tenantId: '501' });
    const list = await invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);

    const name = list.companies[0]?.companyName ?? '';
    expect(name.startsWith('Bolag exe.gnp [31m AB öö')).toBe(true);
    expect(name).toHaveLength(COMPANY_NAME_MAX);
    expect(connected.companyName).toBe(name);
    expect(list.companies[0]?.lastTest?.companyName).toBe(name);
    expect(clipboard[0]).toContain(name);
    // The clipboard text keeps its own line breaks, and nothing else unsafe.
    for (const line of clipboard[0]?.split('\n') ?? []) expect(line).not.toMatch(UNSAFE);
    expect(JSON.stringify(sent)).not.toMatch(UNSAFE);
    expect(simulator.apiRequests().length).toBeGreaterThan(0);
  });
});

describe('Fortnox’s own text is masked and cleaned before it is stored, sent or shown', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  it('an error description that echoes the refresh token, a JWT and hostile characters never leaves main as it came', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const app = await openApp({ dir, clock, simulator });
    await app.connect(101);
    simulator.controls.errorDescription = `Invalid refresh token {refresh_token}${HOSTILE} eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRJZCI6MTAxfQ.c2lnbmF0dXJl`;
    clock.advance(2 * 60 * 60 * 1000);
    // Fortnox no longer knows the token, so the refresh fails with the scripted description.
    simulator.revokeConsent(101);

    const result = await app.invoke<TestResult>(INVOKE_CHANNELS.testCompany, { tenantId: '101' });
    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);

    expect(result).toMatchObject({ ok: false, issue: 'invalid_grant' });
    const detail = result.ok ? '' : (result.detail ?? '');
    expect(detail).toContain('Invalid refresh token [redacted]');
    expect(detail).toContain('[redacted-jwt]');
    expect(isCleanText(detail)).toBe(true);
    expect(list.companies[0]?.statusDetail).toBe(detail);
    const stored = JSON.stringify(await readCompaniesFile(dir));
    expect(stored).toContain('Invalid refresh token [redacted]');
    expect(leakedSecrets(simulator, stored + app.everythingShown())).toEqual([]);
    // Log lines are joined with line breaks; within them, and everywhere else, nothing unsafe.
    expect((stored + app.everythingShown()).replaceAll('\n', ' ')).not.toMatch(UNSAFE);
  });

  it('a sign-in error whose description carries the state and hostile characters reaches the flow status masked and cleaned', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const app = await openApp({ dir: await tempDir(), clock, simulator });
    await app.invoke(INVOKE_CHANNELS.startConnect, { scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false, restart: false });
    const window = app.windows.last;
    const state = window.state;
    const description = encodeURIComponent(`Denied for state ${state}${HOSTILE}`);

    window.navigate(`${simulator.appCallbackUrl}?error=access_denied${encodeURIComponent('\u202e')}&error_description=${description}&state=${state}`);

    const failed = app.sent.map((event) => event.payload as FlowStatusMessage).find((status) => status.phase === 'failed');
    expect(failed).toMatchObject({ phase: 'failed', detail: expect.stringContaining('Denied for state [redacted]') });
    const shown = JSON.stringify(failed);
    expect(shown).not.toContain(state);
    expect(shown).not.toMatch(UNSAFE);
  });

  /** Every stretch of 8 characters of `secret` (KnownSecrets' minimum) found in `text`. */
  function partsOf(secret: string, text: string): string[] {
    const parts: string[] = [];
    for (let start = 0; start + 8 <= secret.length; start += 1) {
      const part = secret.slice(start, start + 8);
      if (text.includes(part)) parts.push(part);
    }
    return parts;
  }

  /** 280 harmless characters, so a 40-character secret behind them straddles the 300-character cut. */
  const PADDING = 'x'.repeat(280);

  it('masks a tracked refresh token that straddles the display cut in a failed refresh before cutting', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const app = await openApp({ dir, clock, simulator });
    await app.connect(101);
    const refreshToken = simulator.grants().find((grant) => grant.tenantId === 101)?.refreshToken ?? '';
    expect(refreshToken.length).toBeGreaterThanOrEqual(8);
    simulator.controls.errorDescription = `${PADDING}{refresh_token}`;
    clock.advance(2 * 60 * 60 * 1000);
    simulator.revokeConsent(101);

    const result = await app.invoke<TestResult>(INVOKE_CHANNELS.testCompany, { tenantId: '101' });
    const list = await app.invoke<CompanyList>(INVOKE_CHANNELS.listCompanies, undefined);

    expect(result).toMatchObject({ ok: false, issue: 'invalid_grant' });
    expect(list.companies[0]?.statusDetail?.startsWith(PADDING)).toBe(true);
    const stored = JSON.stringify(await readCompaniesFile(dir));
    expect(partsOf(refreshToken, stored)).toEqual([]);
    expect(partsOf(refreshToken, list.companies[0]?.statusDetail ?? '')).toEqual([]);
    expect(partsOf(refreshToken, app.everythingShown())).toEqual([]);
  });

  it('masks a tracked refresh token that straddles the display cut in a failed code exchange before cutting', async () => {
    const { clock, simulator } = await start(connectionsScript());
    const dir = await tempDir();
    const app = await openApp({ dir, clock, simulator });
    await app.connect(101);
    const refreshToken = simulator.grants().find((grant) => grant.tenantId === 101)?.refreshToken ?? '';
    expect(refreshToken.length).toBeGreaterThanOrEqual(8);
    simulator.controls.errorDescription = `${PADDING}${refreshToken}`;
    await app.invoke(INVOKE_CHANNELS.startConnect, { scopes: ['companyinformation'], offlineAccess: true, serviceAccount: false, restart: false });
    const window = app.windows.last;

    // A code Fortnox does not know: the exchange fails with invalid_grant and the scripted text.
    window.navigate(`${simulator.appCallbackUrl}?code=unknown-code-0123456789&state=${window.state}`);
    const failed = await vi.waitFor(() => {
      const status = app.sent.map((event) => event.payload as FlowStatusMessage).find((candidate) => candidate.phase === 'failed');
      if (!status) throw new Error('the flow has not failed yet');
      return status;
    });

    expect(failed).toMatchObject({ detail: expect.stringContaining(PADDING) });
    expect(partsOf(refreshToken, JSON.stringify(failed))).toEqual([]);
    expect(partsOf(refreshToken, JSON.stringify(await readCompaniesFile(dir)))).toEqual([]);
    expect(partsOf(refreshToken, app.everythingShown())).toEqual([]);
  });
});
