import { randomUUID } from 'node:crypto';
import type { ScopeName } from '../shared/scope-names';
import { html, renderPage } from './html-page';
import { SCOPE_DESCRIPTIONS } from './scope-descriptions';
import type { SimulatorCompany } from './simulator-script';
import { COMPANY_PATH, CONSENT_PATH, LOGIN_PATH } from './simulator-paths';

/** The text shown after a failed login. */
export const WRONG_CREDENTIALS_TEXT = 'Fel användarnamn eller lösenord';

function hiddenAuthorizationId(authorizationId: string) {
  return html`<input type="hidden" name="authorization_id" value="${authorizationId}" />`;
}

/**
 * The login page. The BankID link mimics Fortnox's "BankID on this device" button: a `bankid:`
 * URL that the app must hand to the operating system (and nothing but `bankid:` links).
 */
export function renderLoginPage(options: { authorizationId: string; username?: string; failed?: boolean }): string {
  const bankIdUrl = `bankid:///?autostarttoken=${randomUUID()}&redirect=null`;
  return renderPage(
    'Logga in',
    html`<h1>Logga in</h1>
      <p>Logga in med ditt Fortnox-konto för att aktivera integrationen.</p>
      ${options.failed === true ? html`<p class="error" role="alert">${WRONG_CREDENTIALS_TEXT}</p>` : ''}
      <form method="post" action="${LOGIN_PATH}">
        ${hiddenAuthorizationId(options.authorizationId)}
        <label for="username">Användarnamn</label>
        <input
          type="text"
          id="username"
          name="username"
          autocomplete="username"
          required
          value="${options.username ?? ''}"
        />
        <label for="password">Lösenord</label>
        <input type="password" id="password" name="password" autocomplete="current-password" required />
        <button type="submit">Logga in</button>
      </form>
      <p><a href="${bankIdUrl}">BankID på den här enheten</a></p>`,
  );
}

/** The company picker for a user with several companies. */
export function renderCompanyPicker(options: {
  authorizationId: string;
  companies: readonly SimulatorCompany[];
  failed?: boolean;
}): string {
  const choices = options.companies.map(
    (company) =>
      html`<div class="choice">
        <input type="radio" id="company-${company.tenantId}" name="tenant_id" value="${company.tenantId}" required />
        <label for="company-${company.tenantId}">${company.name} (${company.organizationNumber})</label>
      </div> `,
  );
  return renderPage(
    'Välj företag',
    html`<h1>Välj företag</h1>
      ${options.failed === true ? html`<p class="error" role="alert">Välj ett av företagen i listan.</p>` : ''}
      <form method="post" action="${COMPANY_PATH}">
        ${hiddenAuthorizationId(options.authorizationId)}
        <fieldset>
          <legend>Vilket företag vill du aktivera integrationen för?</legend>
          ${choices}
        </fieldset>
        <button type="submit">Fortsätt</button>
      </form>`,
  );
}

/** The consent page ("Aktivering"), listing each requested scope. */
export function renderConsentPage(options: {
  authorizationId: string;
  clientId: string;
  company: SimulatorCompany;
  scopes: readonly ScopeName[];
  serviceAccount: boolean;
}): string {
  const { company } = options;
  const unlicensed = new Set(company.unlicensedScopes ?? []);
  const scopeItems = options.scopes.map((scope) =>
    unlicensed.has(scope)
      ? html`<li><code>${scope}</code> – ${SCOPE_DESCRIPTIONS[scope]} <strong>(ingen licens, ingår inte)</strong></li> `
      : html`<li><code>${scope}</code> – ${SCOPE_DESCRIPTIONS[scope]}</li> `,
  );
  const serviceNote = options.serviceAccount
    ? html`<p class="notice" role="note">
        Aktiveringen skapar ett servicekonto för integrationen. Servicekontot är inte kopplat till din användare och
        finns kvar tills behörigheten tas bort.
      </p>`
    : '';
  return renderPage(
    'Aktivering',
    html`<h1>Aktivering</h1>
      <p>
        Integrationen <strong>${options.clientId}</strong> vill få åtkomst till
        <strong>${company.name}</strong> (${company.organizationNumber}).
      </p>
      <p>Integrationen får läsa och ändra:</p>
      <ul>
        ${scopeItems}
      </ul>
      ${serviceNote}
      <form method="post" action="${CONSENT_PATH}">
        ${hiddenAuthorizationId(options.authorizationId)}
        <button type="submit" name="decision" value="approve">Godkänn &amp; aktivera</button>
        <button type="submit" name="decision" value="deny">Neka</button>
      </form>`,
  );
}

/** An error page shown instead of redirecting to an untrusted or unknown destination. */
export function renderErrorPage(message: string): string {
  return renderPage(
    'Fel',
    html`<h1>Något gick fel</h1>
      <p class="error" role="alert">${message}</p>`,
  );
}

/** The page on the fake redirect host; reaching it means the app let the browser follow the redirect. */
export function renderAppCallbackPage(): string {
  return renderPage(
    'Redirect host reached',
    html`<h1>Redirect host reached</h1>
      <p>The browser loaded the redirect URI. A correct app intercepts this navigation and never lets it load.</p>`,
  );
}
