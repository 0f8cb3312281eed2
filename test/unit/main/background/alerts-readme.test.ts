import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reconnectText, trayTooltip } from '../../../../main/background/alert-texts';
import { START_GRACE_MS } from '../../../../main/background/alerts-service';
import { RENEW_WARNING_MS } from '../../../../shared/renew-by';

const companies = ['1', '2', '3'].map((tenantId) => ({ tenantId, companyName: `Bolag ${tenantId} AB` }));

/** The README's alerts paragraph for accountants, with line wrapping undone (the row texts: test/unit/renderer/readme-alerts.test.ts). */
function alertsSection(): string {
  const readme = readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
  const start = readme.indexOf('## Alerts (Aviseringar)');
  expect(start).toBeGreaterThan(0);
  expect(start).toBeLessThan(readme.indexOf('## For tool authors'));
  return readme.slice(start, readme.indexOf('\n## ', start)).replace(/\s+/g, ' ');
}

describe('the README on alerts', () => {
  it('quotes the grouped notification and the tray tooltip as the app writes them, in Swedish and English', () => {
    const section = alertsSection();
    for (const language of ['sv', 'en'] as const) {
      expect(section).toContain(reconnectText(companies, language).title);
      expect(section).toContain(trayTooltip(3, language));
    }
  });

  it('gives the warning period and the start grace the alerts use', () => {
    const section = alertsSection();
    expect(section).toContain(`within ${RENEW_WARNING_MS / (24 * 60 * 60 * 1000)} days`);
    expect(section).toContain(`${START_GRACE_MS / 60_000} minutes after it starts`);
    for (const where of ['Dock icon (macOS)', 'taskbar button (Windows)', 'launcher icon (Linux']) expect(section).toContain(where);
  });
});
