import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../../shared/ipc-contract';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';
import {
  INITIAL_UPDATE_STATUS,
  updateAboutText,
  updateBannerText,
  updateStatusReducer,
} from '../../../../renderer/src/shell/update-status';

const STATES: readonly UpdateStatus['state'][] = ['disabled', 'idle', 'checking', 'available', 'downloaded', 'error'];
const status = (state: UpdateStatus['state'], version: string | null = null, checkedAt: number | null = null): UpdateStatus => ({
  state,
  version,
  checkedAt,
});

describe('update banner', () => {
  it('says a downloaded update installs when the app quits, naming its version', () => {
    expect(updateBannerText(status('downloaded', '1.4.0'), MESSAGES.sv)).toBe(
      'En uppdatering (version 1.4.0) är hämtad och installeras när du avslutar appen.',
    );
    expect(updateBannerText(status('downloaded', '1.4.0'), MESSAGES.en)).toBe(
      'An update (version 1.4.0) has been downloaded and installs when you quit the app.',
    );
  });

  it('still reads well when main did not say which version was downloaded', () => {
    expect(updateBannerText(status('downloaded'), MESSAGES.sv)).toBe(
      'En uppdatering är hämtad och installeras när du avslutar appen.',
    );
    expect(updateBannerText(status('downloaded', '  '), MESSAGES.en)).toBe(
      'An update has been downloaded and installs when you quit the app.',
    );
  });

  it('says an available update is being downloaded', () => {
    expect(updateBannerText(status('available'), MESSAGES.sv)).toBe('Hämtar uppdatering …');
    expect(updateBannerText(status('available', '1.4.0'), MESSAGES.en)).toBe('Downloading an update (version 1.4.0) …');
  });

  it('shows nothing while updates are off, idle, being checked or failing, or before main has answered', () => {
    for (const state of ['disabled', 'idle', 'checking', 'error'] as const) {
      expect(updateBannerText(status(state, '1.4.0', 1_000), MESSAGES.sv), state).toBeNull();
    }
    expect(updateBannerText(null, MESSAGES.sv)).toBeNull();
  });
});

describe('update status in About', () => {
  it('has a sentence for every state in both languages', () => {
    for (const language of ['sv', 'en'] as const) {
      for (const state of STATES) {
        expect(updateAboutText(status(state), MESSAGES[language], language).trim(), `${language} ${state}`).not.toBe('');
      }
      expect(updateAboutText(null, MESSAGES[language], language).trim()).not.toBe('');
    }
  });

  it('says updates are off in development mode', () => {
    expect(updateAboutText(status('disabled'), MESSAGES.sv, 'sv')).toBe('Uppdateringar är avstängda i utvecklingsläge.');
  });

  it('names when the app last looked for updates once it has', () => {
    const checkedAt = Date.UTC(2026, 10, 29, 12, 0);
    const text = updateAboutText(status('idle', null, checkedAt), MESSAGES.en, 'en');
    expect(text).toMatch(/^The app is up to date \(checked .*2026.*\)\.$/);
    expect(updateAboutText(status('idle'), MESSAGES.en, 'en')).toBe(MESSAGES.en.updates.idle);
  });
});

describe('update status merging', () => {
  it('takes the answer of getUpdateStatus when nothing was pushed yet', () => {
    const state = updateStatusReducer(INITIAL_UPDATE_STATUS, { type: 'snapshot', status: status('idle') });
    expect(state.status?.state).toBe('idle');
  });

  it('keeps a pushed status when the older getUpdateStatus answer arrives after it', () => {
    const pushed = updateStatusReducer(INITIAL_UPDATE_STATUS, { type: 'pushed', status: status('downloaded', '1.4.0') });
    const state = updateStatusReducer(pushed, { type: 'snapshot', status: status('checking') });
    expect(state.status).toEqual(status('downloaded', '1.4.0'));
  });

  it('lets every later push replace the one before', () => {
    const first = updateStatusReducer(INITIAL_UPDATE_STATUS, { type: 'pushed', status: status('available', '1.4.0') });
    const second = updateStatusReducer(first, { type: 'pushed', status: status('downloaded', '1.4.0') });
    expect(second.status?.state).toBe('downloaded');
  });
});
