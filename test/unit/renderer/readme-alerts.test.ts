import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../renderer/src/i18n/messages';

describe('the README on alerts', () => {
  it('names the company row\'s renew-by line and the alert filter\'s way back as the window writes them, in Swedish and English', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const start = readme.indexOf('### Alerts (Aviseringar)');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start)).replace(/\s+/g, ' ');
    for (const language of ['sv', 'en'] as const) {
      expect(section).toContain(MESSAGES[language].companies.renewBy('').trim());
      expect(section).toContain(MESSAGES[language].companies.showAll);
    }
  });
});
