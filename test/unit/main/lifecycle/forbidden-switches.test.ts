import { describe, expect, it } from 'vitest';
import {
  FORBIDDEN_SWITCHES,
  findForbiddenEnvironment,
  findForbiddenSwitches,
  switchName,
  switchRefusalMessage,
} from '../../../../main/lifecycle/forbidden-switches';

const EXE = '/opt/Fortnox Connector/fortnox-connector';
const none = () => false;
const names = (argv: string[], platform: NodeJS.Platform = 'linux', hasSwitch: (name: string) => boolean = none) =>
  findForbiddenSwitches([EXE, ...argv], hasSwitch, platform).map((entry) => entry.name);

describe('findForbiddenSwitches', () => {
  it('lets a plain start through', () => {
    expect(names([])).toEqual([]);
    expect(names(['--lang=sv', '--disable-gpu', '--force-device-scale-factor=2'])).toEqual([]);
  });

  it.each([
    ['Chromium logging to a file', ['--enable-logging', '--v=1', '--vmodule=*=3', '--log-file=C:\\temp\\x.log']],
    ['sandbox and web-security switches', ['--allow-running-insecure-content', '--disable-blink-features=X', '--disable-setuid-sandbox', '--disable-namespace-sandbox', '--disable-seccomp-filter-sandbox', '--no-zygote', '--service-sandbox-type=none']],
    ['debugger hooks', ['--wait-for-debugger', '--renderer-startup-dialog', '--gpu-startup-dialog', '--auto-open-devtools-for-tabs']],
  ])('refuses %s', (_name, argv) => {
    expect(names(argv, 'darwin')).toHaveLength(argv.length);
  });

  it('refuses every switch on the deny-list in its usual --name=value form', () => {
    for (const name of Object.keys(FORBIDDEN_SWITCHES)) {
      expect(names([`--${name}=x`], 'darwin'), name).toEqual([name]);
      expect(names([`--${name}=x`], 'win32'), name).toEqual([name]);
    }
  });

  it('lets --no-sandbox through on Linux only, where the AppImage launcher adds it itself', () => {
    expect(names(['--no-sandbox'], 'linux')).toEqual([]);
    expect(names([], 'linux', (name) => name === 'no-sandbox')).toEqual([]);
    expect(names(['--no-sandbox'], 'darwin')).toEqual(['no-sandbox']);
    expect(names([], 'win32', (name) => name === 'no-sandbox')).toEqual(['no-sandbox']);
    expect(names(['--no-sandbox', '--proxy-server=x'], 'linux')).toEqual(['proxy-server']);
  });

  it('refuses every switch on the deny-list when only Chromium’s own parse reports it', () => {
    for (const name of Object.keys(FORBIDDEN_SWITCHES)) {
      expect(names([], 'darwin', (asked) => asked === name), name).toEqual([name]);
      expect(names([], 'win32', (asked) => asked === name), name).toEqual([name]);
    }
  });

  it('refuses --proxy-server in every spelling Chromium accepts', () => {
    for (const argument of [
      '--proxy-server=127.0.0.1:8080',
      '--proxy-server',
      '-proxy-server=127.0.0.1:8080',
      '--Proxy-Server=127.0.0.1:8080',
      '--PROXY-SERVER',
      '  --proxy-server=127.0.0.1:8080  ',
      '--proxy_server=127.0.0.1:8080',
    ]) {
      expect(names([argument]), argument).toEqual(['proxy-server']);
    }
  });

  it('refuses a switch whose value is given as the next argument', () => {
    expect(names(['--proxy-server', 'http://127.0.0.1:8080'])).toEqual(['proxy-server']);
    expect(names(['--inspect-port', '9229'])).toEqual(['inspect-port']);
  });

  it('refuses switches that follow the -- terminator', () => {
    expect(names(['--', '--remote-debugging-port=9222'])).toEqual(['remote-debugging-port']);
  });

  it('reads /switch as a switch on Windows only, as Chromium does', () => {
    expect(names(['/proxy-server=127.0.0.1:8080'], 'win32')).toEqual(['proxy-server']);
    expect(names(['/PROXY-SERVER'], 'win32')).toEqual(['proxy-server']);
    expect(names(['/proxy-server=127.0.0.1:8080'], 'linux')).toEqual([]);
    expect(names(['/proxy-server'], 'darwin')).toEqual([]);
  });

  it('refuses the inspect, debug, remote-debugging, certificate and proxy families by prefix', () => {
    expect(names(['--inspect'])).toEqual(['inspect']);
    expect(names(['--inspect=0'])).toEqual(['inspect']);
    expect(names(['--inspect-brk=127.0.0.1:9229'])).toEqual(['inspect-brk']);
    expect(names(['--inspect-wait'])).toEqual(['inspect-wait']);
    expect(names(['--debug-brk'])).toEqual(['debug-brk']);
    expect(names(['--remote-debugging-targets=x'])).toEqual(['remote-debugging-targets']);
    expect(names(['--ignore-certificate-errors-spki-list=abc'])).toEqual(['ignore-certificate-errors-spki-list']);
    expect(names(['--proxy-something-new=x'])).toEqual(['proxy-something-new']);
  });

  it('does not mistake look-alike names for forbidden ones', () => {
    expect(names(['--inspector-theme', '--debugger', '--proxyish', '--no-proxy'])).toEqual([]);
    expect(names(['--constructor', '--__proto__', '--toString', '--hasOwnProperty'])).toEqual([]);
  });

  it('does not read a forbidden name inside another switch’s value', () => {
    expect(names(['--lang=--proxy-server=x'])).toEqual([]);
  });

  it('ignores plain arguments, a lone prefix and the executable itself', () => {
    expect(findForbiddenSwitches(['--proxy-server', 'file.txt', '-', '--'], none, 'linux')).toEqual([]);
  });

  it('reports each switch once with its reason, sorted by name', () => {
    const found = findForbiddenSwitches(
      [EXE, '--user-data-dir=/tmp/x', '--proxy-server=a', '-proxy-server=b'],
      (name) => name === 'proxy-server' || name === 'no-sandbox',
      'darwin',
    );
    expect(found).toEqual([
      { name: 'no-sandbox', reason: 'code' },
      { name: 'proxy-server', reason: 'traffic' },
      { name: 'user-data-dir', reason: 'data' },
    ]);
  });
});

describe('switchName', () => {
  it('returns null for what Chromium reads as an argument', () => {
    expect(switchName('report.pdf', 'linux')).toBeNull();
    expect(switchName('--', 'linux')).toBeNull();
    expect(switchName('-', 'win32')).toBeNull();
    expect(switchName('/', 'win32')).toBeNull();
    expect(switchName('--=x', 'linux')).toBeNull();
  });
});

describe('findForbiddenEnvironment', () => {
  it('refuses SSLKEYLOGFILE when it names a file, and nothing else', () => {
    expect(findForbiddenEnvironment({ SSLKEYLOGFILE: 'C:\\keys.log', PATH: '/usr/bin', HTTPS_PROXY: 'x' })).toEqual([
      { name: 'SSLKEYLOGFILE', reason: 'secrets-on-disk', kind: 'environment' },
    ]);
    expect(findForbiddenEnvironment({ SSLKEYLOGFILE: '' })).toEqual([]);
    expect(findForbiddenEnvironment({ https_proxy: 'http://proxy:3128', all_proxy: 'x', auto_proxy: 'x' })).toEqual([]);
  });

  it('refuses Electron’s logging variables, which write what the network stack does to a file', () => {
    expect(findForbiddenEnvironment({ ELECTRON_ENABLE_LOGGING: '1', ELECTRON_LOG_FILE: '/tmp/x.log' }).map((entry) => entry.name)).toEqual([
      'ELECTRON_ENABLE_LOGGING',
      'ELECTRON_LOG_FILE',
    ]);
    expect(findForbiddenEnvironment({})).toEqual([]);
  });
});

describe('switchRefusalMessage', () => {
  it('names an environment variable without the -- prefix', () => {
    expect(switchRefusalMessage([{ name: 'SSLKEYLOGFILE', reason: 'secrets-on-disk', kind: 'environment' }]).body).toContain(
      'read it: SSLKEYLOGFILE.',
    );
  });

  it('names the switches, Swedish first and English after, without their values', () => {
    const message = switchRefusalMessage([{ name: 'proxy-server', reason: 'traffic' }]);
    expect(message.body).toContain('--proxy-server');
    expect(message.body.indexOf('startades med')).toBeLessThan(message.body.indexOf('was started with'));
    expect(message.title).toContain('startades inte');
    expect(message.title).toContain('did not start');
  });
});
