import { describe, expect, it } from 'vitest';
import { startFortnoxSimulator } from '../../../simulator/fortnox-simulator';
import { TestClock, connect, decodeJwt, getCompanyInformation } from './token-test-kit';
import { testScript, trackSimulators } from './simulator-test-kit';

const INVALID_LOGIN = { ErrorInformation: { error: 1, message: 'Ogiltig inloggning', code: 2000310 } };

describe('GET /3/companyinformation', () => {
  const start = trackSimulators();

  it("answers the token's company with every documented field and DatabaseNumber as a number", async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    const response = await getCompanyInformation(simulator, access_token);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      CompanyInformation: {
        Address: 'Storgatan 1',
        City: 'Stockholm',
        CompanyName: 'Ettans Bokföring AB',
        CountryCode: 'SE',
        DatabaseNumber: 101,
        OrganizationNumber: '556101-0101',
        VisitAddress: 'Storgatan 1',
        VisitCity: 'Stockholm',
        VisitCountryCode: 'SE',
        VisitZipCode: '111 22',
        ZipCode: '111 22',
      },
    });
  });

  it('sends DatabaseNumber as a string while the databaseNumberAsString control is on', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    simulator.controls.databaseNumberAsString = true;
    const body = (await (await getCompanyInformation(simulator, access_token)).json()) as {
      CompanyInformation: { DatabaseNumber: unknown };
    };

    expect(body.CompanyInformation.DatabaseNumber).toBe('101');
  });

  it('uses the address the script gives a company, visiting fields falling back to postal ones', async () => {
    const script = testScript();
    const company = script.users[0]?.companies[0];
    if (company === undefined) throw new Error('test script changed');
    Object.assign(company, { address: 'Box 12', zipCode: '753 20', city: 'Uppsala', visitAddress: 'Kungsgatan 5' });
    const simulator = await start(script);
    const { access_token } = await connect(simulator);
    const body = (await (await getCompanyInformation(simulator, access_token)).json()) as {
      CompanyInformation: Record<string, unknown>;
    };

    expect(body.CompanyInformation).toMatchObject({
      Address: 'Box 12',
      ZipCode: '753 20',
      City: 'Uppsala',
      VisitAddress: 'Kungsgatan 5',
      VisitZipCode: '753 20',
      VisitCity: 'Uppsala',
    });
  });

  it('answers each tenant with its own company', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator, { username: 'multi', password: 'pw-multi', tenantId: 202 });
    const body = (await (await getCompanyInformation(simulator, access_token)).json()) as {
      CompanyInformation: Record<string, unknown>;
    };

    expect(body.CompanyInformation).toMatchObject({ CompanyName: 'Treans Tak HB', DatabaseNumber: 202 });
  });

  it('answers 401 with lower-case ErrorInformation keys without a bearer token', async () => {
    const simulator = await start();
    const response = await getCompanyInformation(simulator, undefined);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(INVALID_LOGIN);
  });

  it('answers 401 once the access token is 3600 s old, and 200 a second before', async () => {
    const clock = new TestClock();
    const simulator = await start(undefined, { now: clock.now });
    const { access_token } = await connect(simulator);
    clock.advance(3599_000);
    const before = await getCompanyInformation(simulator, access_token);
    clock.advance(1_000);
    const after = await getCompanyInformation(simulator, access_token);

    expect(before.status).toBe(200);
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual(INVALID_LOGIN);
  });

  it('answers 401 for a token whose payload was changed, so the signature is checked', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    const { payload, parts } = decodeJwt(access_token);
    const forgedPayload = Buffer.from(JSON.stringify({ ...payload, tenantId: 202 })).toString('base64url');
    const forged = [parts[0], forgedPayload, parts[2]].join('.');

    expect((await getCompanyInformation(simulator, forged)).status).toBe(401);
  });

  it('answers 401 for an unsigned token and for a token from another simulator', async () => {
    const simulator = await start();
    const other = await startFortnoxSimulator(testScript());
    try {
      const foreign = (await connect(other)).access_token;
      const { parts } = decodeJwt(foreign);
      const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${parts[1]}.`;

      expect((await getCompanyInformation(simulator, foreign)).status).toBe(401);
      expect((await getCompanyInformation(simulator, unsigned)).status).toBe(401);
      expect((await getCompanyInformation(simulator, 'not-a-jwt')).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers 403 with Capitalised ErrorInformation keys for a token without the companyinformation scope', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator, { params: { scope: 'invoice customer' } });
    const response = await getCompanyInformation(simulator, access_token);

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      ErrorInformation: { Error: 1, Message: 'Det finns ingen aktiv licens för önskat scope', Code: 2001101 },
    });
  });

  it('records each API call with its status, tenant and client', async () => {
    const simulator = await start();
    const { access_token } = await connect(simulator);
    await getCompanyInformation(simulator, access_token);
    await getCompanyInformation(simulator, undefined);

    expect(simulator.apiRequests()).toMatchObject([
      {
        method: 'GET',
        path: '/3/companyinformation',
        status: 200,
        tenantId: 101,
        clientId: 'test-client',
        fault: null,
      },
      { status: 401, tenantId: null, clientId: null },
    ]);
  });

  it('answers only GET', async () => {
    const simulator = await start();
    const response = await fetch(`${simulator.apiBaseUrl}companyinformation`, { method: 'POST' });

    expect(response.status).toBe(405);
  });
});
