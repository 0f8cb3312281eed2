import { describe, expect, it } from 'vitest';
import { apiErrorFrom, fetchCompanyInformation, readErrorInformation } from '../../../../main/fortnox/company-information';
import { FortnoxCallError } from '../../../../main/fortnox/fortnox-call-error';
import { TokenClient } from '../../../../main/fortnox/token-client';
import type { ConnectionIssue } from '../../../../shared/connection-issues';
import type { ReplacingFaultKind } from '../../../../simulator/fault-injection';
import { connectWithClient, nodeFetch, useSimulatedFortnox } from '../simulated-fortnox';

const HOUR = 60 * 60 * 1000;

async function callError(promise: Promise<unknown>): Promise<FortnoxCallError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof FortnoxCallError)) throw new Error(`expected a FortnoxCallError, got ${String(error)}`);
  return error;
}

describe('fetchCompanyInformation against the simulator', () => {
  const start = useSimulatedFortnox();

  async function connected(tenantId = 101, scope = 'companyinformation invoice') {
    const { clock, simulator } = await start();
    const set = await connectWithClient(simulator, new TokenClient(nodeFetch, clock.now), tenantId, scope);
    const fetchInfo = (timeoutMs?: number) => fetchCompanyInformation(nodeFetch, simulator.apiBaseUrl, set.accessToken, clock.now, timeoutMs);
    return { clock, simulator, set, fetchInfo };
  }

  it('reads the company name, organisation number and DatabaseNumber (a number) as the tenant id', async () => {
    const { simulator, fetchInfo } = await connected();

    await expect(fetchInfo()).resolves.toEqual({
      companyName: 'Ettans Bokföring AB',
      organizationNumber: '556101-0101',
      tenantId: '101',
    });
    expect(simulator.apiRequests()).toEqual([expect.objectContaining({ path: '/3/companyinformation', status: 200, tenantId: 101 })]);
  });

  it.each([
    ['"000101" as the same company as 101', '000101', '101'],
    ['0 as no company at all', 0, null],
    ['"000" as no company at all', '000', null],
  ] as const)('reads DatabaseNumber %s', async (_name, databaseNumber, tenantId) => {
    const { simulator, fetchInfo } = await connected();
    simulator.controls.databaseNumberOverride = databaseNumber;

    await expect(fetchInfo()).resolves.toMatchObject({ tenantId });
  });

  it('reads DatabaseNumber sent as a string the same way', async () => {
    const { simulator, fetchInfo } = await connected(202);
    simulator.controls.databaseNumberAsString = true;

    await expect(fetchInfo()).resolves.toEqual({
      companyName: 'Treans Tak HB',
      organizationNumber: '969202-0202',
      tenantId: '202',
    });
  });

  it('reports an expired access token as unauthorized, with the code and message from lower-case ErrorInformation keys', async () => {
    const { clock, fetchInfo } = await connected();
    clock.advance(HOUR);

    const error = await callError(fetchInfo());

    expect(error.issue).toBe('unauthorized');
    expect(error.details).toEqual({ status: 401, fortnoxCode: '2000310', description: 'Ogiltig inloggning' });
  });

  it('reports a token without the companyinformation scope as missing_scope, reading capitalised ErrorInformation keys', async () => {
    const { fetchInfo } = await connected(101, 'invoice');

    const error = await callError(fetchInfo());

    expect(error.issue).toBe('missing_scope');
    expect(error.details).toEqual({ status: 403, fortnoxCode: '2001101', description: 'Det finns ingen aktiv licens för önskat scope' });
  });

  const faults: [ReplacingFaultKind, ConnectionIssue][] = [
    ['html500', 'server_error'],
    ['invalidJson', 'invalid_response'],
    ['status429', 'rate_limited'],
    ['reset', 'network'],
  ];

  it.each(faults)('turns the fault %s on the API into the issue %s', async (kind, issue) => {
    const { simulator, fetchInfo } = await connected();
    simulator.injectFault({ route: 'api', kind });

    expect((await callError(fetchInfo())).issue).toBe(issue);
  });

  it('gives up with a timeout when the API answers later than the time limit', async () => {
    const { simulator, fetchInfo } = await connected();
    simulator.injectFault({ route: 'api', kind: 'delay', ms: 150 });

    expect((await callError(fetchInfo(20))).issue).toBe('timeout');
  });

  it('is answered 429 by the simulator after 25 calls in five seconds', async () => {
    const { fetchInfo } = await connected();
    for (let i = 0; i < 25; i += 1) await fetchInfo();

    expect((await callError(fetchInfo())).issue).toBe('rate_limited');
  });
});

/**
 * Answers the simulator cannot give (it only answers 403 with the licence code), so the mapping is
 * checked on the parsed answer directly.
 */
describe('apiErrorFrom for answers the simulator does not produce', () => {
  const answer = (status: number, body: unknown, retryAfter: string | null = null) => ({
    status,
    contentType: 'application/json',
    retryAfter,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

  it('maps a 403 without a licence code to missing_scope', () => {
    expect(apiErrorFrom(answer(403, { ErrorInformation: { error: 1, message: 'Forbidden', code: 2000663 } }), 0).issue).toBe('missing_scope');
    expect(apiErrorFrom(answer(403, ''), 0).issue).toBe('missing_scope');
  });

  it('maps both licence codes to no_license whatever the status', () => {
    expect(apiErrorFrom(answer(403, { ErrorInformation: { Error: 1, Message: 'Ingen licens', Code: 2001103 } }), 0).issue).toBe('no_license');
    expect(apiErrorFrom(answer(400, { ErrorInformation: { error: 1, message: 'Ingen licens', code: '2001101' } }), 0).issue).toBe('no_license');
  });

  it('maps the invalid-login codes to unauthorized even under 403', () => {
    expect(apiErrorFrom(answer(403, { ErrorInformation: { Error: 1, Message: 'x', Code: 2000311 } }), 0).issue).toBe('unauthorized');
  });

  it('takes the wait from a Retry-After header on 429 when there is one', () => {
    expect(apiErrorFrom(answer(429, '', '3'), 0).details).toEqual({ status: 429, retryAfterMs: 3000 });
  });

  it('reads ErrorInformation whatever the casing of its keys, and nothing from other shapes', () => {
    expect(readErrorInformation({ errorinformation: { MESSAGE: 'Fel', CODE: 2000423 } })).toEqual({ code: '2000423', message: 'Fel' });
    expect(readErrorInformation({ error: 'invalid_grant' })).toEqual({});
    expect(readErrorInformation(null)).toEqual({});
  });
});
