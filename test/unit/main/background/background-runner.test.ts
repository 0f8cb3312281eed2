import { describe, expect, it } from 'vitest';
import { BackgroundRunner, TRAY_REFRESH_DELAY_MS, type BackgroundRunnerDeps } from '../../../../main/background/background-runner';
import type { TrayMenuModel } from '../../../../main/background/tray-menu-model';
import { FakeClock } from '../fake-timers';
import { recordingLogger } from '../recording-logger';

/** The runner over fakes of the window, tray, Dock, settings and connections; everything recorded. */
function setup(options: { platform?: NodeJS.Platform; tray?: boolean; explained?: boolean } = {}) {
  const clock = new FakeClock();
  const events: string[] = [];
  const trayShown: TrayMenuModel[] = [];
  let explained = options.explained ?? false;
  let attention = 0;
  const explanations: string[] = [];
  const logger = recordingLogger();
  const deps: BackgroundRunnerDeps = {
    platform: options.platform ?? 'win32',
    tray: options.tray === false ? null : { show: (model) => void trayShown.push(model) },
    window: () => ({ show: () => events.push('show'), hide: () => events.push('hide'), minimize: () => events.push('minimize') }),
    dock: { hide: () => events.push('dock-hide'), show: () => events.push('dock-show') },
    quit: () => events.push('quit'),
    showView: (view) => events.push(`view:${view}`),
    explain: (text) => explanations.push(text.message),
    explained: () => explained,
    markExplained: () => {
      explained = true;
      events.push('remembered');
      return Promise.resolve();
    },
    language: () => 'sv',
    attentionCount: () => attention,
    connections: { resumed: () => events.push('resumed') },
    timers: clock.timers,
    log: logger.log,
  };
  const runner = new BackgroundRunner(deps);
  const close = () => {
    let prevented = false;
    runner.windowClosing({ preventDefault: () => (prevented = true) });
    return prevented;
  };
  return {
    runner,
    clock,
    events,
    trayShown,
    explanations,
    close,
    logger,
    setAttention: (count: number) => (attention = count),
  };
}

describe('BackgroundRunner', () => {
  describe('closing the window', () => {
    it('hides the window and keeps the app running, explaining it once and remembering that it did', async () => {
      const { close, events, explanations } = setup({ platform: 'win32' });

      expect(close()).toBe(true);
      await Promise.resolve();
      expect(close()).toBe(true);

      expect(events).toEqual(['hide', 'dock-hide', 'remembered', 'hide', 'dock-hide']);
      expect(explanations).toHaveLength(1);
      expect(explanations[0]).toContain('systemfältet');
    });

    it('does not explain again after a restart once settings.json says it was shown', () => {
      const { close, explanations } = setup({ explained: true });
      expect(close()).toBe(true);
      expect(explanations).toEqual([]);
    });

    it('minimises instead of hiding on Linux without a tray, and says so', () => {
      const { close, events, explanations } = setup({ platform: 'linux', tray: false });
      expect(close()).toBe(true);
      expect(events[0]).toBe('minimize');
      expect(events).not.toContain('hide');
      expect(explanations[0]).toContain('minimerades');
    });

    it('keeps the Dock icon on macOS when there is no menu bar icon to reopen the window from', () => {
      const { close, events } = setup({ platform: 'darwin', tray: false });
      expect(close()).toBe(true);
      expect(events).toContain('hide');
      expect(events).not.toContain('dock-hide');
    });

    it('lets the window close once a quit has begun (Cmd+Q, the app menu’s Quit: before-quit)', () => {
      const { runner, close, events } = setup();
      runner.quitStarted();
      expect(close()).toBe(false);
      expect(events).toEqual([]);
    });
  });

  describe('the tray menu', () => {
    it('Quit starts the app’s quit (and so its quit sequence), after which the window may close', () => {
      const { runner, close, events } = setup();
      runner.trayAction('quit');
      expect(events).toEqual(['quit']);
      expect(runner.isQuitting()).toBe(true);
      expect(close()).toBe(false);
    });

    it('Open shows the window (and the Dock icon again)', () => {
      const { runner, events } = setup();
      runner.trayAction('open');
      expect(events).toEqual(['dock-show', 'show']);
    });

    it('Connect a company shows the window on the Connect view', () => {
      const { runner, events } = setup();
      runner.trayAction('connect');
      expect(events).toEqual(['dock-show', 'show', 'view:connect']);
    });
  });

  describe('the tray count', () => {
    it('shows the count at start and again, once, after a burst of changes to the alerts’ summary', () => {
      const { runner, clock, trayShown, setAttention } = setup();
      runner.start();
      expect(trayShown.map((model) => model.items[0])).toEqual([{ kind: 'status', label: 'Alla anslutningar fungerar' }]);

      setAttention(2);
      runner.attentionChanged();
      runner.attentionChanged();
      clock.advance(TRAY_REFRESH_DELAY_MS - 1);
      expect(trayShown).toHaveLength(1);
      clock.advance(1);

      expect(trayShown.map((model) => model.items[0])).toEqual([
        { kind: 'status', label: 'Alla anslutningar fungerar' },
        { kind: 'status', label: '2 företag behöver åtgärdas' },
      ]);
    });

    it('does not rebuild the menu when the count stayed the same', () => {
      const { runner, clock, trayShown } = setup();
      runner.start();
      runner.attentionChanged();
      clock.advance(TRAY_REFRESH_DELAY_MS);
      expect(trayShown).toHaveLength(1);
    });
  });

  it('tells the connections when the computer woke up', () => {
    const { runner, events } = setup();
    runner.resumed();
    expect(events).toEqual(['resumed']);
  });

  it('quits properly when the operating system shuts down, letting the window close', () => {
    const { runner, close, events } = setup({ platform: 'linux' });
    runner.systemShutdown();
    expect(events).toEqual(['quit']);
    expect(close()).toBe(false);
  });
});
