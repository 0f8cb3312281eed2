import { execFile } from 'node:child_process';
import type { Harness } from './connector-harness';
import { expect } from './fixtures';

/** How a spec's sign-in starts: the Connect button's name (its language) and an optional scope preset to pick first. */
export interface ConnectOptions {
  connectButton?: string;
  preset?: string;
}

/** Runs one sign-in from the Connect view against the simulator: login, optional company choice, approve. */
export async function connectCompany(h: Harness, username: string, company?: RegExp, options: ConnectOptions = {}): Promise<void> {
  const index = h.signIns.length;
  const nav = h.app.getByTestId('nav-connect');
  if ((await nav.getAttribute('aria-current')) !== 'page') await nav.click();
  if (options.preset) await h.app.getByRole('button', { name: options.preset, exact: true }).click();
  await h.app.getByRole('button', { name: options.connectButton ?? 'Anslut till Fortnox' }).click();
  const signIn = await h.signInWindow(index);
  await signIn.page.waitForLoadState('domcontentloaded');
  await signIn.page.getByLabel('Användarnamn').fill(username);
  await signIn.page.getByLabel('Lösenord').fill('demo');
  await signIn.page.getByRole('button', { name: 'Logga in' }).click();
  if (company) {
    await signIn.page.getByRole('radio', { name: company }).check();
    await signIn.page.getByRole('button', { name: 'Fortsätt' }).click();
  }
  await signIn.page.getByRole('button', { name: 'Godkänn & aktivera' }).click();
  await expect(h.app.getByTestId('flow-company')).toBeVisible();
}

/** What the `curl` binary got: status and body. */
export interface CurlAnswer {
  status: number;
  body: string;
}

/** A request with the `curl` binary (a real external client): status and body. */
export function curl(args: string[]): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['--silent', '--show-error', '--max-time', '20', '--write-out', '\n%{http_code}', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`curl failed: ${stderr || error.message}`));
      const split = stdout.lastIndexOf('\n');
      resolve({ status: Number(stdout.slice(split + 1)), body: stdout.slice(0, split) });
    });
  });
}
