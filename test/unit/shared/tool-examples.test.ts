import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keeperAccessTokens } from '../../../main/local-api/access-token-source';
import { TOOL_EXAMPLE_KINDS, toolExample, ToolExampleInputError, type ToolExampleInput } from '../../../shared/tool-examples';
import { connectCompany, openConnections } from '../main/connections/connections-harness';
import { startApi } from '../main/local-api/local-api-harness';
import { useSimulatedFortnox } from '../main/simulated-fortnox';
import { useTempDirs } from '../main/storage/temp-dir';

const KEY = 'fxc_0123456789ABCDEFGHIJabcdefghij9Zz9Zz';
const INPUT: ToolExampleInput = { port: 41817, key: KEY, databaseNumber: '1001' };

/** Runs one command line the way a terminal does (`sh -c`): its standard output. */
function runShell(line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sh', ['-c', line], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${line} failed: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}

/** Runs a Python program given on standard input: its standard output. */
function runPython(program: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('python3', ['-'], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`python failed: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(program);
  });
}

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('tool examples (shown once with a new key)', () => {
  const start = useSimulatedFortnox();
  const tempDir = useTempDirs();

  /** A local API on a real socket in front of the real connections service and the simulator, with company 101 connected. */
  async function liveApi() {
    const { clock, simulator } = await start();
    const { service, limiter } = await openConnections({ dir: await tempDir(), clock, simulator });
    await connectCompany(service, simulator, 101, ['companyinformation', 'invoice']);
    const api = await startApi({
      clock,
      companies: service.list(),
      tokens: keeperAccessTokens(service.keeper, clock.now),
      proxy: { apiBaseUrl: () => simulator.apiBaseUrl, limiter },
    });
    return { api, simulator };
  }

  it('gives curl commands that, run in a shell, list the key\'s companies and read the company\'s information through the proxy', async () => {
    const { api, simulator } = await liveApi();
    const key = await api.newKey({ right: 'read', companies: ['101'] });
    const lines = toolExample('curl', { port: api.port, key, databaseNumber: '101' }).split('\n');

    expect(lines).toHaveLength(2);
    const companies = JSON.parse(await runShell(lines[0] ?? ''));
    expect(companies.companies.map((company: { databaseNumber: string }) => company.databaseNumber)).toEqual(['101']);
    const information = JSON.parse(await runShell(lines[1] ?? ''));
    expect(information.CompanyInformation.DatabaseNumber).toBe(101);
    expect(simulator.apiRequests().filter((request) => request.path === '/3/companyinformation').at(-1)?.status).toBe(200);
  });

  it.skipIf(!hasPython())('gives a Python program that, run by python3 with only the standard library, lists the companies and reads the company\'s information (skipped without python3)', async () => {
    const { api } = await liveApi();
    const key = await api.newKey({ right: 'read', companies: ['101'] });

    const output = await runPython(toolExample('python', { port: api.port, key, databaseNumber: '101' }));

    const [first = '', second = ''] = output.trim().split('\n');
    expect(first).toMatch(/^101 /);
    expect(second).toContain("'DatabaseNumber': 101");
  });

  it('gives PowerShell that sends the key in an Authorization header to the companies and the proxied company information', () => {
    const text = toolExample('powershell', INPUT);

    expect(text).toContain(`$headers = @{ Authorization = "Bearer ${KEY}" }`);
    expect(text).toContain('Invoke-RestMethod -Uri "http://127.0.0.1:41817/v1/companies" -Headers $headers');
    expect(text).toContain('Invoke-RestMethod -Uri "http://127.0.0.1:41817/v1/companies/1001/fortnox/3/companyinformation" -Headers $headers');
    // Every Invoke-RestMethod carries the headers; every string is closed on its line.
    for (const line of text.split('\n')) {
      if (line.includes('Invoke-RestMethod')) expect(line).toContain('-Headers $headers');
      expect((line.match(/"/g) ?? []).length % 2).toBe(0);
    }
  });

  it('gives Power Query that calls Web.Contents on the fixed base with a RelativePath and the key in a Headers record', () => {
    const text = toolExample('power-query', INPUT);

    expect(text.split('\n')[0]).toBe('let');
    expect(text).toMatch(/\nin\n {4}Rows$/);
    expect(text).toContain(
      `Json.Document(Web.Contents("http://127.0.0.1:41817", [RelativePath = "v1/companies/1001/fortnox/3/invoices", Headers = [Authorization = "Bearer ${KEY}"]]))`,
    );
    expect(text).toContain('Table.FromRecords(Source[Invoices])');
    // Brackets and parentheses balance, so the Advanced Editor accepts it as pasted.
    for (const [open, close] of [
      ['[', ']'],
      ['(', ')'],
    ] as const) {
      expect(text.split(open).length).toBe(text.split(close).length);
    }
  });

  it('lists only the companies when no company is known yet', () => {
    const input = { ...INPUT, databaseNumber: null };

    expect(toolExample('curl', input)).toBe(`curl -H "Authorization: Bearer ${KEY}" http://127.0.0.1:41817/v1/companies`);
    for (const kind of TOOL_EXAMPLE_KINDS) expect(toolExample(kind, input)).not.toContain('/fortnox/');
    expect(toolExample('power-query', input)).toContain('RelativePath = "v1/companies"');
  });

  it('uses 127.0.0.1 and the given port in every example, never localhost', () => {
    for (const kind of TOOL_EXAMPLE_KINDS) {
      const text = toolExample(kind, { ...INPUT, port: 50123 });
      expect(text, kind).toContain('http://127.0.0.1:50123');
      expect(text, kind).not.toContain('localhost');
      expect(text, kind).toContain(KEY);
    }
  });

  it('appear in the README for tool authors exactly as the app gives them', () => {
    const readme = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## For tool authors'));
    const input = { port: 41817, key: 'fxc_000000000000000000000000000000000000', databaseNumber: '1234567' };
    for (const kind of TOOL_EXAMPLE_KINDS) expect(section, kind).toContain(`\n${toolExample(kind, input)}\n\`\`\``);
  });

  it('refuses a key, database number or port that could break out of the program text', () => {
    expect(() => toolExample('curl', { ...INPUT, key: `${KEY}" ; rm -rf ~ ; "` })).toThrow(ToolExampleInputError);
    expect(() => toolExample('python', { ...INPUT, key: 'not-a-key' })).toThrow(ToolExampleInputError);
    expect(() => toolExample('powershell', { ...INPUT, databaseNumber: '1001$(calc)' })).toThrow(ToolExampleInputError);
    expect(() => toolExample('power-query', { ...INPUT, port: 0 })).toThrow(ToolExampleInputError);
    expect(() => toolExample('power-query', { ...INPUT, port: 65_536 })).toThrow(ToolExampleInputError);
  });
});
