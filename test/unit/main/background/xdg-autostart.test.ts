import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE_NAME,
  autostartCommand,
  autostartEntry,
  autostartFilePath,
  entryStartsApp,
  quoteExecArgument,
  xdgAutostart,
  type AutostartFs,
} from '../../../../main/background/xdg-autostart';

describe('quoteExecArgument', () => {
  it('leaves plain arguments as they are', () => {
    expect(quoteExecArgument('/opt/fortnox-connector/fortnox-connector')).toBe('/opt/fortnox-connector/fortnox-connector');
    expect(quoteExecArgument('--background')).toBe('--background');
  });

  it('quotes an argument with a space', () => {
    expect(quoteExecArgument('/opt/Fortnox Connector/fortnox-connector')).toBe('"/opt/Fortnox Connector/fortnox-connector"');
  });

  it('escapes double quotes, backticks and dollar signs inside the quotes, and doubles backslashes for the string rule', () => {
    expect(quoteExecArgument('/home/a/"x"')).toBe('"/home/a/\\\\"x\\\\""');
    expect(quoteExecArgument('/home/a/$HOME')).toBe('"/home/a/\\\\$HOME"');
    expect(quoteExecArgument('/home/a/`id`')).toBe('"/home/a/\\\\`id\\\\`"');
    // A literal backslash is four backslashes in the file (Desktop Entry spec, "The Exec key").
    expect(quoteExecArgument('/home/a\\b')).toBe('"/home/a\\\\\\\\b"');
  });

  it('writes a literal percent sign as %% so it is not read as a field code', () => {
    expect(quoteExecArgument('/home/a/100%')).toBe('/home/a/100%%');
    expect(quoteExecArgument('/home/a b/%u')).toBe('"/home/a b/%%u"');
  });

  it('quotes the other reserved characters', () => {
    for (const char of ["'", '>', '<', '~', '|', '&', ';', '*', '?', '#', '(', ')']) {
      expect(quoteExecArgument(`/a${char}b`)).toBe(`"/a${char}b"`);
    }
  });

  it('refuses line breaks and other control characters, and empty arguments', () => {
    expect(() => quoteExecArgument('/a\nb')).toThrow();
    expect(() => quoteExecArgument('/a\tb')).toThrow();
    expect(() => quoteExecArgument('')).toThrow();
  });
});

describe('autostartCommand', () => {
  it('runs the AppImage file itself when the app runs from one (its mount point changes on every start)', () => {
    expect(
      autostartCommand({ execPath: '/tmp/.mount_Fortn1234/fortnox-connector', appImage: '/home/anna/Apps/Fortnox Connector.AppImage', packaged: true, appPath: '/x' }),
    ).toEqual({ command: ['/home/anna/Apps/Fortnox Connector.AppImage', '--background'] });
  });

  it('runs the installed executable otherwise, and adds the app folder in development', () => {
    expect(autostartCommand({ execPath: '/opt/Fortnox Connector/fortnox-connector', appImage: undefined, packaged: true, appPath: '/x' })).toEqual({
      command: ['/opt/Fortnox Connector/fortnox-connector', '--background'],
    });
    expect(autostartCommand({ execPath: '/repo/node_modules/electron/dist/electron', appImage: '', packaged: false, appPath: '/repo' })).toEqual({
      command: ['/repo/node_modules/electron/dist/electron', '/repo', '--background'],
    });
  });
});

describe('autostartEntry', () => {
  it('is a desktop entry of type Application whose Exec starts the app in the background', () => {
    const text = autostartEntry({ name: 'Fortnox Connector', comment: 'Keeps Fortnox connections alive', command: ['/opt/Fortnox Connector/fortnox-connector', '--background'] });
    expect(text.split('\n')).toEqual([
      '[Desktop Entry]',
      'Type=Application',
      'Version=1.5',
      'Name=Fortnox Connector',
      'Comment=Keeps Fortnox connections alive',
      'Exec="/opt/Fortnox Connector/fortnox-connector" --background',
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ]);
    expect(entryStartsApp(text)).toBe(true);
  });
});

describe('autostartFilePath', () => {
  it('uses $XDG_CONFIG_HOME/autostart when it is an absolute path', () => {
    expect(autostartFilePath({ XDG_CONFIG_HOME: '/home/anna/.cfg' }, '/home/anna')).toBe(path.join('/home/anna/.cfg', 'autostart', AUTOSTART_FILE_NAME));
  });

  it('falls back to ~/.config/autostart when the variable is unset, empty or relative', () => {
    const expected = path.join('/home/anna', '.config', 'autostart', AUTOSTART_FILE_NAME);
    expect(autostartFilePath({}, '/home/anna')).toBe(expected);
    expect(autostartFilePath({ XDG_CONFIG_HOME: '' }, '/home/anna')).toBe(expected);
    expect(autostartFilePath({ XDG_CONFIG_HOME: 'cfg' }, '/home/anna')).toBe(expected);
  });
});

describe('xdgAutostart', () => {
  function memoryFs(): AutostartFs & { files: Map<string, string> } {
    const files = new Map<string, string>();
    return {
      files,
      read: (filePath) => Promise.resolve(files.get(filePath)),
      write: (filePath, text) => Promise.resolve(void files.set(filePath, text)),
      remove: (filePath) => Promise.resolve(void files.delete(filePath)),
    };
  }
  const FILE = '/home/anna/.config/autostart/se.fortnoxconnector.app.desktop';
  const ENTRY = autostartEntry({ name: 'Fortnox Connector', comment: 'c', command: ['/opt/app', '--background'] });

  it('writes the entry to turn start at login on and removes it to turn it off', async () => {
    const fs = memoryFs();
    const item = xdgAutostart(FILE, ENTRY, fs);

    await expect(item.status()).resolves.toBe('off');
    await expect(item.set(true)).resolves.toBe('on');
    expect(fs.files.get(FILE)).toBe(ENTRY);
    await expect(item.set(false)).resolves.toBe('off');
    expect(fs.files.has(FILE)).toBe(false);
  });

  it('reports off when the entry was disabled by the desktop (Hidden=true or GNOME Startup Applications)', async () => {
    const fs = memoryFs();
    const item = xdgAutostart(FILE, ENTRY, fs);
    fs.files.set(FILE, `${ENTRY}Hidden=true\n`);
    await expect(item.status()).resolves.toBe('off');
    fs.files.set(FILE, ENTRY.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'));
    await expect(item.status()).resolves.toBe('off');
  });

  it('passes on a failed write', async () => {
    const fs = { ...memoryFs(), write: () => Promise.reject(new Error('EACCES')) };
    await expect(xdgAutostart(FILE, ENTRY, fs).set(true)).rejects.toThrow('EACCES');
  });
});
