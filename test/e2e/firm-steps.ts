import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/*
 * Steps of firm mode shared by the browser spec (test/e2e/browser/firm-server.spec.ts) and the
 * Electron spec (test/e2e/electron/firm-server.electron.spec.ts): the same UI, driven in the
 * browser harness or in the built app.
 */

/** Settings → "Använd byråns server" → the server's URL, saved; the section then offers sign-in. */
export async function useFirmServer(app: Page, serverUrl: string): Promise<void> {
  await app.getByTestId('nav-settings').click();
  const section = app.getByTestId('firm-server');
  await section.getByRole('checkbox', { name: 'Använd byråns server' }).check();
  await section.getByLabel('Serverns adress').fill(serverUrl);
  await section.getByRole('button', { name: 'Spara adressen' }).click();
  await expect(section.getByTestId('firm-state')).toHaveText('Inte inloggad.');
}

/** Clicks "Logga in i webbläsaren" (the firm's identity provider opens in the system browser). */
export async function startProviderSignIn(app: Page): Promise<void> {
  await app.getByTestId('firm-server').getByRole('button', { name: 'Logga in i webbläsaren' }).click();
}

/** The section once signed in: who, the role the server's rules gave, and the live list. */
export async function expectSignedIn(app: Page, user: { name: string; email: string }, role: 'Redovisningskonsult' | 'Administratör'): Promise<void> {
  await expect(app.getByTestId('firm-server').getByTestId('firm-state')).toHaveText(
    `Inloggad som ${user.name} (${user.email}). ${role}. Ansluten. Listan uppdateras direkt.`,
  );
}

/** A company's row in the list. */
export function companyRow(app: Page, tenantId: string) {
  return app.locator(`[data-testid="company-row"][data-tenant-id="${tenantId}"]`);
}

/** Opens the company's detail pane and disconnects it through the confirmation dialog. */
export async function disconnectCompany(app: Page, tenantId: string): Promise<void> {
  await companyRow(app, tenantId).click();
  await app.locator(`[data-testid="company-detail"][data-tenant-id="${tenantId}"]`).getByRole('button', { name: 'Koppla från' }).click();
  await app.getByRole('dialog').getByRole('button', { name: 'Koppla från' }).click();
  await expect(app.getByTestId('disconnect-result')).toHaveAttribute('data-outcome', 'disconnected');
}

/**
 * Every file under `dir`, read whole (latin1: every byte kept, binary files included). A file
 * removed between listing and reading (a running Chromium's journals) is left out.
 */
export async function readEveryFile(dir: string): Promise<{ name: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        try {
          return { name: path.relative(dir, file), text: (await readFile(file)).toString('latin1') };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
          throw error;
        }
      }),
  );
  return files.filter((file) => file !== null);
}

/** No file under `dir` holds any of `secrets` or a firm server session (`fxs_…`). */
export async function expectNoSecretInFolder(dir: string, secrets: readonly string[]): Promise<void> {
  const files = await readEveryFile(dir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    for (const secret of secrets) expect(file.text.includes(secret), `${file.name} holds a secret`).toBe(false);
    expect(file.text, `${file.name} holds a firm server session`).not.toMatch(/fxs_[A-Za-z0-9_-]{20,}/);
  }
}
