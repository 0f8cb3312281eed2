import { describe, expect, it } from 'vitest';
import { nodeCommandPort } from '../../../../main/config/system-command';

// Real child processes (Node itself stands in for reg.exe and PowerShell, which do not exist here).
const node = process.execPath;

describe('nodeCommandPort', () => {
  const port = nodeCommandPort({ PATH: process.env.PATH ?? '' }, { timeoutMs: 20_000, maxOutputBytes: 4_096 });

  it('returns the exit code and what the program printed', async () => {
    await expect(port.run(node, ['-e', 'process.stdout.write("hello"); process.exit(0)'])).resolves.toEqual({ kind: 'exited', code: 0, stdout: 'hello' });
    await expect(port.run(node, ['-e', 'process.exit(3)'])).resolves.toEqual({ kind: 'exited', code: 3, stdout: '' });
  });

  it('passes arguments as data, never through a shell', async () => {
    const result = await port.run(node, ['-e', 'process.stdout.write(process.argv[1])', 'a; echo injected && exit 7']);
    expect(result).toEqual({ kind: 'exited', code: 0, stdout: 'a; echo injected && exit 7' });
  });

  it('adds the extra environment variables', async () => {
    const result = await port.run(node, ['-e', 'process.stdout.write(process.env.FORTNOX_ACL_FILE)'], { FORTNOX_ACL_FILE: 'C:\\x y\\z.json' });
    expect(result).toEqual({ kind: 'exited', code: 0, stdout: 'C:\\x y\\z.json' });
  });

  it('gives the program only the environment it was given, never the app\'s own', async () => {
    process.env.PSModulePath = 'C:\\Users\\me\\modules';
    try {
      const only = nodeCommandPort({ SystemRoot: 'C:\\Windows' });
      const result = await only.run(node, ['-e', 'process.stdout.write(JSON.stringify(process.env))'], { FORTNOX_ACL_FILE: 'a' });
      expect(result.kind === 'exited' && JSON.parse(result.stdout)).toEqual({ SystemRoot: 'C:\\Windows', FORTNOX_ACL_FILE: 'a' });
    } finally {
      delete process.env.PSModulePath;
    }
  });

  it('stops a program that prints more than the output limit', async () => {
    await expect(port.run(node, ['-e', 'process.stdout.write("x".repeat(100000))'])).resolves.toEqual({ kind: 'failed', reason: 'output_too_large' });
  });

  it('stops a program that runs past the time limit', async () => {
    const quick = nodeCommandPort({}, { timeoutMs: 300, maxOutputBytes: 4_096 });
    await expect(quick.run(node, ['-e', 'setInterval(() => {}, 1000)'])).resolves.toEqual({ kind: 'failed', reason: 'timeout' });
  });

  it('reports a program that does not exist as not started', async () => {
    await expect(port.run('/nonexistent/reg.exe', ['query'])).resolves.toEqual({ kind: 'failed', reason: 'not_started' });
  });
});
