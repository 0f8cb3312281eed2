import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectedFuses, fuseMismatches, packagedAppPath, parseFuseReadout } from '../../../scripts/packaged-fuses';
import { readProjectFile } from '../packaging/packaging-files';

// What `@electron/fuses read --app …` prints; on GitHub's runners chalk colours it.
const PLAIN_READOUT = `Analyzing app: Fortnox Connector.app
Fuse Version: v1
  RunAsNode is Disabled
  EnableCookieEncryption is Enabled
  EnableNodeOptionsEnvironmentVariable is Disabled
  EnableNodeCliInspectArguments is Disabled
  EnableEmbeddedAsarIntegrityValidation is Enabled
  OnlyLoadAppFromAsar is Enabled
  LoadBrowserProcessSpecificV8Snapshot is Disabled
  GrantFileProtocolExtraPrivileges is Disabled
`;
const COLOURED_LINE = '  \u001b[33mRunAsNode\u001b[39m is \u001b[32mEnabled\u001b[39m\r\n';

const builderFuses = readProjectFile<{ electronFuses: Record<string, unknown> }>('electron-builder.yml').electronFuses;
const names = { productName: 'Fortnox Connector', linuxExecutable: 'fortnox-connector' };

describe('reading what @electron/fuses printed', () => {
  it('reads every fuse line and ignores the header', () => {
    const fuses = parseFuseReadout(PLAIN_READOUT);
    expect(fuses.size).toBe(8);
    expect(fuses.get('RunAsNode')).toBe('Disabled');
    expect(fuses.get('OnlyLoadAppFromAsar')).toBe('Enabled');
  });

  it('reads coloured output with Windows line ends', () => {
    expect(parseFuseReadout(COLOURED_LINE)).toEqual(new Map([['RunAsNode', 'Enabled']]));
  });
});

describe('comparing the packaged fuses with electron-builder.yml', () => {
  it('expects every fuse electron-builder.yml sets, under @electron/fuses names, and nothing else', () => {
    expect(Object.fromEntries(expectedFuses(builderFuses))).toEqual({
      RunAsNode: 'Disabled',
      EnableCookieEncryption: 'Enabled',
      EnableNodeOptionsEnvironmentVariable: 'Disabled',
      EnableNodeCliInspectArguments: 'Disabled',
      EnableEmbeddedAsarIntegrityValidation: 'Enabled',
      OnlyLoadAppFromAsar: 'Enabled',
      GrantFileProtocolExtraPrivileges: 'Disabled',
    });
  });

  it('finds nothing wrong when the binary has the release fuses', () => {
    expect(fuseMismatches(expectedFuses(builderFuses), parseFuseReadout(PLAIN_READOUT))).toEqual([]);
  });

  it('names each fuse that is left as Electron ships it', () => {
    const stock = parseFuseReadout(PLAIN_READOUT.replace('RunAsNode is Disabled', 'RunAsNode is Enabled'));
    expect(fuseMismatches(expectedFuses(builderFuses), stock)).toEqual(['RunAsNode: expected Disabled, packaged binary has Enabled']);
  });

  it('fails when a configured fuse is missing from the readout, or nothing was read at all', () => {
    const missing = parseFuseReadout(PLAIN_READOUT.replace(/^.*OnlyLoadAppFromAsar.*$/m, ''));
    expect(fuseMismatches(expectedFuses(builderFuses), missing)).toEqual(['OnlyLoadAppFromAsar: expected Enabled, packaged binary has no such fuse']);
    expect(fuseMismatches(expectedFuses(builderFuses), parseFuseReadout('Error: no fuse sentinel'))).toHaveLength(7);
  });

  it('fails when a fuse is only inherited, and when no fuse is configured', () => {
    const inherited = parseFuseReadout(PLAIN_READOUT.replace('RunAsNode is Disabled', 'RunAsNode is Inherited'));
    expect(fuseMismatches(expectedFuses(builderFuses), inherited)).toHaveLength(1);
    expect(fuseMismatches(new Map(), parseFuseReadout(PLAIN_READOUT))).toEqual(['electron-builder.yml configures no fuses']);
  });

  it('refuses a fuse setting that is not true or false', () => {
    expect(() => expectedFuses({ runAsNode: 'off' })).toThrow(/electronFuses\.runAsNode/);
  });
});

describe('where electron-builder --dir leaves the app', () => {
  it('names the folder after the platform, with the architecture for all but x64', () => {
    expect(packagedAppPath('darwin', 'arm64', names)).toBe(path.join('mac-arm64', 'Fortnox Connector.app'));
    expect(packagedAppPath('darwin', 'x64', names)).toBe(path.join('mac', 'Fortnox Connector.app'));
    expect(packagedAppPath('win32', 'x64', names)).toBe(path.join('win-unpacked', 'Fortnox Connector.exe'));
    expect(packagedAppPath('win32', 'arm64', names)).toBe(path.join('win-arm64-unpacked', 'Fortnox Connector.exe'));
    expect(packagedAppPath('linux', 'x64', names)).toBe(path.join('linux-unpacked', 'fortnox-connector'));
    expect(packagedAppPath('linux', 'arm64', names)).toBe(path.join('linux-arm64-unpacked', 'fortnox-connector'));
  });

  it('refuses a platform electron-builder does not package for', () => {
    expect(() => packagedAppPath('aix', 'x64', names)).toThrow(/aix/);
  });
});
