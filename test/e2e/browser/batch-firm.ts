import { e2eScript } from '../e2e-script';
import type { SimulatorScript } from '../../../simulator/simulator-script';
import { expect } from './fixtures';
import type { OpenedSignIn } from './playwright-sign-in-window';

/** An accounting firm's login that reaches its clients' companies (organisation numbers pass the Luhn check). */
export const FIRM = { username: 'byra', password: 'demo' };
export const CLIENTS = [
  { tenantId: 5101, name: 'Alfa Redovisning AB', organizationNumber: '556610-0011' },
  { tenantId: 5102, name: 'Beta Bygg AB', organizationNumber: '556610-0029' },
  { tenantId: 5103, name: 'Gamma Café AB', organizationNumber: '556610-0037' },
  { tenantId: 5104, name: 'Delta Data AB', organizationNumber: '556610-0045' },
  { tenantId: 5105, name: 'Epsilon El AB', organizationNumber: '556610-0052' },
] as const;
/** A company the firm's login reaches that is not on the batch's list. */
export const OUTSIDER = { tenantId: 5106, name: 'Zeta Zoo AB', organizationNumber: '556610-0060' };

/** The end-to-end script plus the firm's login, system administrator of its clients and the outsider. */
export function firmScript(): SimulatorScript {
  const base = e2eScript();
  return {
    ...base,
    users: [
      ...base.users,
      {
        username: FIRM.username,
        password: FIRM.password,
        name: 'Byrån',
        companies: [...CLIENTS, OUTSIDER].map((company) => ({ ...company, sysAdmin: true })),
      },
    ],
  };
}

/** The batch's first window: the firm's one Fortnox login (the company picker follows). */
export async function logInAsFirm(window: OpenedSignIn): Promise<void> {
  await window.page.waitForLoadState('domcontentloaded');
  await window.page.getByLabel('Användarnamn').fill(FIRM.username);
  await window.page.getByLabel('Lösenord').fill(FIRM.password);
  await window.page.getByRole('button', { name: 'Logga in' }).click();
  await expect(window.page.getByRole('heading', { name: 'Välj företag' })).toBeVisible();
}
