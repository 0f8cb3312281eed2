import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';
import readme from '../../../../README.md?raw';

describe('the README on alerts', () => {
  it('names the company row\'s renew-by line and the alert filter\'s way back as the window writes them, in Swedish and English', () => {
    const start = readme.indexOf('## Alerts (Aviseringar)');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start)).replace(/\s+/g, ' ');
    for (const language of ['sv', 'en'] as const) {
      expect(section).toContain(MESSAGES[language].companies.renewBy('').trim());
      expect(section).toContain(MESSAGES[language].companies.showAll);
    }
  });
});
