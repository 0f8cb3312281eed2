import { afterEach } from 'vitest';
import {
  startFortnoxSimulator,
  type FortnoxSimulator,
  type FortnoxSimulatorOptions,
} from '../../../simulator/fortnox-simulator';
import { SIMULATOR_ORIGIN_PLACEHOLDER, type SimulatorScript } from '../../../simulator/simulator-script';

/** A redirect URI off the simulator, with a query of its own (never fetched: redirects are manual). */
export const EXTERNAL_REDIRECT_URI = 'https://app.example/callback?source=fortnox';

/** The script most simulator tests run against. */
export function testScript(): SimulatorScript {
  return {
    clients: [
      {
        clientId: 'test-client',
        clientSecret: 'test-secret',
        redirectUris: [`${SIMULATOR_ORIGIN_PLACEHOLDER}/app-callback`, EXTERNAL_REDIRECT_URI],
        enabledScopes: ['companyinformation', 'invoice', 'customer', 'profile'],
        allowServiceAccount: true,
      },
      {
        clientId: 'personal-only-client',
        clientSecret: 'other-secret',
        redirectUris: [`${SIMULATOR_ORIGIN_PLACEHOLDER}/app-callback`],
        enabledScopes: ['companyinformation'],
        allowServiceAccount: false,
      },
    ],
    users: [
      {
        username: 'single',
        password: 'pw-single',
        name: 'Sara Single',
        companies: [{ tenantId: 101, name: 'Ettans Bokföring AB', organizationNumber: '556101-0101', sysAdmin: true }],
      },
      {
        username: 'multi',
        password: 'pw-multi',
        name: 'Mats Multi',
        companies: [
          { tenantId: 201, name: 'Tvåans Trä AB', organizationNumber: '556201-0201', sysAdmin: true },
          { tenantId: 202, name: 'Treans Tak HB', organizationNumber: '969202-0202', sysAdmin: false },
        ],
      },
      {
        username: 'locked',
        password: 'pw-locked',
        name: 'Lars Låst',
        companies: [
          { tenantId: 301, name: 'Obetalt AB', organizationNumber: '556301-0301', sysAdmin: true, locked: true },
        ],
      },
      {
        username: 'employee',
        password: 'pw-employee',
        name: 'Eva Anställd',
        companies: [{ tenantId: 401, name: 'Fyrans Frisör AB', organizationNumber: '556401-0401', sysAdmin: false }],
      },
    ],
  };
}

/** Starts simulators for one test file and closes every one of them after each test. */
export function trackSimulators(): (
  script?: SimulatorScript,
  options?: FortnoxSimulatorOptions,
) => Promise<FortnoxSimulator> {
  const running: FortnoxSimulator[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((simulator) => simulator.close()));
  });
  return async (script = testScript(), options = {}) => {
    const simulator = await startFortnoxSimulator(script, options);
    running.push(simulator);
    return simulator;
  };
}

export {
  answerConsent,
  authorizationIdIn,
  authorizeUrl,
  queryOf,
  startAndLogIn,
  TestBrowser,
  validParams,
  type PageResponse,
} from './simulator-browser';
