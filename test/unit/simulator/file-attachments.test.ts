import { describe, expect, it } from 'vitest';
import { FILE_ATTACHMENTS_PATH } from '../../../simulator/file-attachments';
import type { FortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { TestClock, connect, getCompanyInformation } from './token-test-kit';
import { testScript, trackSimulators } from './simulator-test-kit';

/** `/api/fileattachments/attachments-v1`, Fortnox's newer services, with the same token, limit and fault rules as `/3/`. */
describe('the /api/ file attachments service', () => {
  const start = trackSimulators();

  async function setup(scope = 'companyinformation connectfile') {
    const clock = new TestClock();
    const script = testScript();
    script.clients[0]?.enabledScopes.push('connectfile');
    const simulator = await start(script, { now: clock.now });
    const { access_token } = await connect(simulator, { params: { scope } });
    const call = (query: string, init: { token?: string | undefined; method?: string; body?: string; headers?: Record<string, string> } = {}) =>
      fetch(`${simulator.origin}${FILE_ATTACHMENTS_PATH}${query}`, {
        method: init.method ?? 'GET',
        headers: { ...('token' in init ? (init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }) : { authorization: `Bearer ${access_token}` }), ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
    return { clock, simulator, token: access_token, call };
  }

  it('lists the attachments of a document and attaches a new file with POST', async () => {
    const { call } = await setup();

    const listed = await call('?entityid=1&entitytype=F');
    const posted = await call('', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([{ entityId: 1, entityType: 'F', fileId: 'beef', includeOnSend: false }]) });
    const again = await call('?entityid=1&entitytype=F');

    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual([{ id: '00000000-0000-4000-8000-000000000001', entityId: 1, entityType: 'F', fileId: 'f00d', includeOnSend: true }]);
    expect([posted.status, await posted.json()]).toEqual([200, [{ id: '00000000-0000-4000-8000-000000000002', entityId: 1, entityType: 'F', fileId: 'beef', includeOnSend: false }]]);
    expect(((await again.json()) as { fileId: string }[]).map((each) => each.fileId)).toEqual(['f00d', 'beef']);
  });

  it('answers 400 for a list without a valid entity type or id, and for a body that is not an array of attachments', async () => {
    const { call } = await setup();

    expect((await call('?entityid=1&entitytype=X')).status).toBe(400);
    expect((await call('?entitytype=F')).status).toBe(400);
    expect((await call('', { method: 'POST', body: '{"fileId":"beef"}' })).status).toBe(400);
  });

  it('answers 401 without a valid access token and 403 without the connectfile scope, like /3/', async () => {
    const { call } = await setup();
    const other = await setup('companyinformation');

    expect((await call('?entityid=1&entitytype=F', { token: undefined })).status).toBe(401);
    expect((await call('?entityid=1&entitytype=F', { token: 'not-a-token' })).status).toBe(401);
    expect((await other.call('?entityid=1&entitytype=F')).status).toBe(403);
  });

  it('shares the 25 per 5 seconds limit with /3/, and sends Retry-After on its 429 only when the control asks', async () => {
    const { simulator, token, call } = await setup();
    for (let i = 0; i < 25; i += 1) expect((await getCompanyInformation(simulator, token)).status).toBe(200);

    const limited = await call('?entityid=1&entitytype=F');
    simulator.controls.retryAfterSeconds = 7;
    const withRetryAfter = await call('?entityid=1&entitytype=F');

    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, null]);
    expect([withRetryAfter.status, withRetryAfter.headers.get('retry-after')]).toEqual([429, '7']);
  });

  it('answers a conditional GET whose ETag or date still matches with 304 and no body, and records the headers it received', async () => {
    const { simulator, call } = await setup();
    const first = await call('?entityid=1&entitytype=F');
    const etag = first.headers.get('etag') ?? '';
    const lastModified = first.headers.get('last-modified') ?? '';

    const byTag = await call('?entityid=1&entitytype=F', { headers: { 'if-none-match': etag } });
    const byDate = await call('?entityid=1&entitytype=F', { headers: { 'if-modified-since': lastModified } });
    const stale = await call('?entityid=1&entitytype=F', { headers: { 'if-none-match': '"something-else"' } });

    expect(etag).toMatch(/^"attachments-101-\d+"$/);
    expect([byTag.status, await byTag.text()]).toEqual([304, '']);
    expect(byDate.status).toBe(304);
    expect(stale.status).toBe(200);
    expect(lastRecord(simulator).headers['if-none-match']).toBe('"something-else"');
  });
});

function lastRecord(simulator: FortnoxSimulator) {
  const record = simulator.apiRequests().at(-1);
  if (!record) throw new Error('no API request recorded');
  return record;
}
