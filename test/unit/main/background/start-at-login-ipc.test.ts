import { describe, expect, it } from 'vitest';
import type { LoginItemPort } from '../../../../main/background/login-item-port';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../shared/ipc-channels';
import type { StartAtLoginStatus } from '../../../../shared/start-at-login';
import { openApp } from '../app-under-test';
import { useSimulatedFortnox } from '../simulated-fortnox';
import { useTempDirs } from '../storage/temp-dir';

/** A login-item port that remembers what it was asked and answers as a given system would. */
function fakeLoginItem(answer: (enabled: boolean) => StartAtLoginStatus = (enabled) => (enabled ? 'on' : 'off')) {
  const asked: boolean[] = [];
  let status: StartAtLoginStatus = 'off';
  const port: LoginItemPort = {
    status: () => Promise.resolve(status),
    set: (enabled) => {
      asked.push(enabled);
      status = answer(enabled);
      return Promise.resolve(status);
    },
  };
  return { port, asked };
}

describe('start at login over IPC', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  async function open(loginItem?: LoginItemPort) {
    const { clock, simulator } = await start();
    return openApp({ dir: await tempDir(), clock, simulator, ...(loginItem ? { loginItem } : {}) });
  }

  it('reads and changes the setting through the operating system’s login items', async () => {
    const loginItem = fakeLoginItem();
    const app = await open(loginItem.port);

    await expect(app.invoke(INVOKE_CHANNELS.getStartAtLogin, undefined)).resolves.toEqual({ status: 'off' });
    await expect(app.invoke(INVOKE_CHANNELS.setStartAtLogin, { enabled: true })).resolves.toEqual({ ok: true, status: 'on' });
    await expect(app.invoke(INVOKE_CHANNELS.getStartAtLogin, undefined)).resolves.toEqual({ status: 'on' });
    await expect(app.invoke(INVOKE_CHANNELS.setStartAtLogin, { enabled: false })).resolves.toEqual({ ok: true, status: 'off' });

    expect(loginItem.asked).toEqual([true, false]);
  });

  it('passes on that macOS wants the user’s approval in System Settings', async () => {
    const app = await open(fakeLoginItem(() => 'requires_approval').port);
    await expect(app.invoke(INVOKE_CHANNELS.setStartAtLogin, { enabled: true })).resolves.toEqual({ ok: true, status: 'requires_approval' });
  });

  it('answers ok false with the state as it is when the change fails (an autostart folder that cannot be written)', async () => {
    const port: LoginItemPort = { status: () => Promise.resolve('off'), set: () => Promise.reject(Object.assign(new Error('EACCES: /home/anna'), { name: 'Error' })) };
    const app = await open(port);

    await expect(app.invoke(INVOKE_CHANNELS.setStartAtLogin, { enabled: true })).resolves.toEqual({ ok: false, status: 'off' });
    expect(app.everythingShown()).toContain('start at login could not be changed');
    expect(app.everythingShown()).not.toContain('/home/anna');
  });

  it('reports the setting as unsupported where the host has no login items', async () => {
    const app = await open();
    await expect(app.invoke(INVOKE_CHANNELS.getStartAtLogin, undefined)).resolves.toEqual({ status: 'unsupported' });
    await expect(app.invoke(INVOKE_CHANNELS.setStartAtLogin, { enabled: true })).resolves.toEqual({ ok: true, status: 'unsupported' });
  });

  it('refuses a request that is not exactly { enabled: boolean }', async () => {
    const loginItem = fakeLoginItem();
    const app = await open(loginItem.port);
    await expect(app.invoke(INVOKE_CHANNELS.setStartAtLogin, { enabled: 'yes' })).rejects.toThrow('IPC request refused');
    await expect(app.invoke(INVOKE_CHANNELS.setStartAtLogin, { enabled: true, path: '/tmp/evil' })).rejects.toThrow('IPC request refused');
    expect(loginItem.asked).toEqual([]);
  });

  it('asks the window to show the Connect view through the validated app:show-view event', async () => {
    const app = await open();
    app.main.showView('connect');
    expect(app.sent.filter((event) => event.channel === EVENT_CHANNELS.showView)).toEqual([{ channel: EVENT_CHANNELS.showView, payload: { view: 'connect' } }]);
  });
});
