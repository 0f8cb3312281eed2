/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** HTML that is already escaped; only `html` and `escapeHtml` produce it. */
export interface SafeHtml {
  readonly safeHtml: string;
}

/**
 * Tagged template that escapes every interpolated value unless it is already `SafeHtml`
 * (or an array of them), so a page cannot forget to escape a company name or a username.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += renderValue(value) + (strings[index + 1] ?? '');
  });
  return { safeHtml: out };
}

function renderValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(renderValue).join('');
  if (isSafeHtml(value)) return value.safeHtml;
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

function isSafeHtml(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && typeof (value as SafeHtml).safeHtml === 'string';
}

const PAGE_STYLE = `
body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1b1b1b; margin: 0; }
main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px; }
label { display: block; margin-top: 1rem; }
input[type=text], input[type=password] { width: 100%; padding: 0.5rem; box-sizing: border-box; }
button { margin-top: 1.5rem; margin-right: 0.5rem; padding: 0.6rem 1.2rem; }
fieldset { border: none; padding: 0; }
.choice { margin-top: 0.75rem; }
.choice label { display: inline; }
.error { color: #a4000f; }
.simulator-banner { font-size: 0.8rem; color: #555; }
`;

/** A complete Swedish page around `body`, marked as the simulator so nobody mistakes it for Fortnox. */
export function renderPage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – Fortnox (simulator)</title>
        <style>
          ${{ safeHtml: PAGE_STYLE }}
        </style>
      </head>
      <body>
        <main>
          <p class="simulator-banner">Fortnox-simulator för utveckling och test</p>
          ${body}
        </main>
      </body>
    </html> `.safeHtml;
}
