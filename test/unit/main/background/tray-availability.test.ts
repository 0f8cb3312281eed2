import { describe, expect, it } from 'vitest';
import { linuxTrayAvailable, parseNameHasOwner, probeStatusNotifierWatcher } from '../../../../main/background/tray-availability';
import type { CommandPort, CommandResult } from '../../../../main/config/system-command';

function commands(answers: Record<string, CommandResult>): CommandPort & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    run: (file, args) => {
      ran.push(`${file} ${args.join(' ')}`);
      return Promise.resolve(answers[file] ?? { kind: 'failed', reason: 'not_started' });
    },
  };
}

describe('parseNameHasOwner', () => {
  it('reads gdbus and dbus-send answers', () => {
    expect(parseNameHasOwner('(true,)\n')).toBe(true);
    expect(parseNameHasOwner('(false,)\n')).toBe(false);
    expect(parseNameHasOwner('method return time=1 sender=org.freedesktop.DBus\n   boolean true\n')).toBe(true);
    expect(parseNameHasOwner('   boolean false\n')).toBe(false);
    expect(parseNameHasOwner('Error: no session bus')).toBe('unknown');
  });
});

describe('probeStatusNotifierWatcher', () => {
  it('asks the session bus with gdbus for org.kde.StatusNotifierWatcher', async () => {
    const port = commands({ gdbus: { kind: 'exited', code: 0, stdout: '(true,)\n' } });
    await expect(probeStatusNotifierWatcher(port)).resolves.toBe(true);
    expect(port.ran).toEqual([
      'gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus --method org.freedesktop.DBus.NameHasOwner org.kde.StatusNotifierWatcher',
    ]);
  });

  it('falls back to dbus-send when gdbus is missing', async () => {
    const port = commands({ 'dbus-send': { kind: 'exited', code: 0, stdout: '   boolean false\n' } });
    await expect(probeStatusNotifierWatcher(port)).resolves.toBe(false);
    expect(port.ran).toHaveLength(2);
  });

  it('is unknown when neither client answers', async () => {
    await expect(probeStatusNotifierWatcher(commands({ gdbus: { kind: 'failed', reason: 'timeout' } }))).resolves.toBe('unknown');
  });
});

describe('linuxTrayAvailable', () => {
  it('follows the bus: a StatusNotifierWatcher shows the icon, none shows nothing', () => {
    expect(linuxTrayAvailable(true, 'GNOME')).toBe(true);
    expect(linuxTrayAvailable(false, 'KDE')).toBe(false);
  });

  it('takes GNOME as trayless when the bus cannot be asked, and other desktops as having a tray', () => {
    expect(linuxTrayAvailable('unknown', 'ubuntu:GNOME')).toBe(false);
    expect(linuxTrayAvailable('unknown', 'GNOME')).toBe(false);
    expect(linuxTrayAvailable('unknown', 'KDE')).toBe(true);
    expect(linuxTrayAvailable('unknown', 'XFCE')).toBe(true);
    expect(linuxTrayAvailable('unknown', undefined)).toBe(true);
  });
});
