import { TOOL_KEY_PATTERN } from './tool-key-rules';
import { TENANT_ID_PATTERN } from './tenant-id';

/**
 * Ready-to-run examples of calling the local API with a new tool key (issue 8, item 2), shown in
 * the key's shown-once panel and copied from there. One pure function, so the text the user sees,
 * the text main puts on the clipboard and the text the tests run are the same.
 */

/** The languages an example is given in, in the order the panel shows them. */
export const TOOL_EXAMPLE_KINDS = ['curl', 'powershell', 'python', 'power-query'] as const;

/** One example language. */
export type ToolExampleKind = (typeof TOOL_EXAMPLE_KINDS)[number];

/** What an example is built from. */
export interface ToolExampleInput {
  /** The local API's port on 127.0.0.1. */
  port: number;
  /** The tool key (shown once). */
  key: string;
  /** A company the key may use (Fortnox's database number), or null when none is known yet. */
  databaseNumber: string | null;
}

/** Thrown when an input would not make a safe, working example (never expected from the app). */
export class ToolExampleInputError extends Error {
  override readonly name = 'ToolExampleInputError';
}

/**
 * The inputs, checked: each goes into program text unescaped, so each must be unable to end a
 * string or start a command (a key is letters, digits and one underscore; a database number digits).
 */
function checked(input: ToolExampleInput): ToolExampleInput {
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65_535) throw new ToolExampleInputError('port');
  if (!TOOL_KEY_PATTERN.test(input.key)) throw new ToolExampleInputError('key');
  if (input.databaseNumber !== null && !TENANT_ID_PATTERN.test(input.databaseNumber)) throw new ToolExampleInputError('databaseNumber');
  return input;
}

/** The API's base URL. 127.0.0.1, never `localhost`: the API checks the Host header, and `localhost` may resolve elsewhere. */
export function localApiBaseUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** The proxied Fortnox path an example reads, under /v1/companies/{databaseNumber}/fortnox/. */
function companyPath(databaseNumber: string, fortnoxPath: string): string {
  return `/v1/companies/${databaseNumber}/fortnox/${fortnoxPath}`;
}

/** curl (macOS, Linux, and Windows 10 and later as `curl.exe`): the companies, then the company's information. */
function curlExample({ port, key, databaseNumber }: ToolExampleInput): string {
  const base = localApiBaseUrl(port);
  const lines = [`curl -H "Authorization: Bearer ${key}" ${base}/v1/companies`];
  if (databaseNumber !== null) lines.push(`curl -H "Authorization: Bearer ${key}" ${base}${companyPath(databaseNumber, '3/companyinformation')}`);
  return lines.join('\n');
}

/** Windows PowerShell 5.1 and PowerShell 7: Invoke-RestMethod parses the JSON into objects. */
function powerShellExample({ port, key, databaseNumber }: ToolExampleInput): string {
  const base = localApiBaseUrl(port);
  const lines = [
    `$headers = @{ Authorization = "Bearer ${key}" }`,
    `$companies = Invoke-RestMethod -Uri "${base}/v1/companies" -Headers $headers`,
    '$companies.companies | Format-Table name, organizationNumber, databaseNumber',
  ];
  if (databaseNumber !== null) {
    lines.push(
      `$info = Invoke-RestMethod -Uri "${base}${companyPath(databaseNumber, '3/companyinformation')}" -Headers $headers`,
      '$info.CompanyInformation',
    );
  }
  return lines.join('\n');
}

/** Python 3 with only the standard library (no `requests` to install). */
function pythonExample({ port, key, databaseNumber }: ToolExampleInput): string {
  const lines = [
    'import json',
    'import urllib.request',
    '',
    `API = "${localApiBaseUrl(port)}"`,
    `KEY = "${key}"`,
    '# 127.0.0.1 is reached directly, never through a proxy.',
    'opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))',
    '',
    '',
    'def get(path):',
    '    request = urllib.request.Request(API + path, headers={"Authorization": "Bearer " + KEY})',
    '    with opener.open(request) as response:',
    '        return json.load(response)',
    '',
    '',
    'for company in get("/v1/companies")["companies"]:',
    '    print(company["databaseNumber"], company["name"])',
  ];
  if (databaseNumber !== null) lines.push(`print(get("${companyPath(databaseNumber, '3/companyinformation')}")["CompanyInformation"])`);
  return lines.join('\n');
}

/**
 * Excel Power Query (Data > Get Data > From Other Sources > Blank Query > Advanced Editor). The
 * key goes in a Headers record; `RelativePath` keeps the base URL fixed, so Excel asks for access
 * to 127.0.0.1 once (choose Anonymous: the key is the credential).
 */
function powerQueryExample({ port, key, databaseNumber }: ToolExampleInput): string {
  const relativePath = databaseNumber === null ? 'v1/companies' : companyPath(databaseNumber, '3/invoices').slice(1);
  const table =
    databaseNumber === null
      ? ['    Rows = Table.FromRecords(Source[companies])']
      : ['    Rows = Table.FromRecords(Source[Invoices])'];
  return [
    'let',
    `    Source = Json.Document(Web.Contents("${localApiBaseUrl(port)}", [RelativePath = "${relativePath}", Headers = [Authorization = "Bearer ${key}"]])),`,
    ...table,
    'in',
    '    Rows',
  ].join('\n');
}

/** One example as program text, ready to paste. Throws `ToolExampleInputError` on an input that could not be pasted safely. */
export function toolExample(kind: ToolExampleKind, input: ToolExampleInput): string {
  const safe = checked(input);
  switch (kind) {
    case 'curl':
      return curlExample(safe);
    case 'powershell':
      return powerShellExample(safe);
    case 'python':
      return pythonExample(safe);
    case 'power-query':
      return powerQueryExample(safe);
  }
}
