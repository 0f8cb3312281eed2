import { SCOPE_NAMES } from '../../shared/scope-names';
import { SIMULATOR_ORIGIN_PLACEHOLDER, type SimulatorScript } from '../../simulator/simulator-script';

/** The integration the end-to-end tests connect with: every scope enabled, service accounts allowed. */
export const E2E_CLIENT_ID = 'e2e-client';
/** An integration with only `companyinformation` and `invoice` enabled in the "portal". */
export const NARROW_CLIENT_ID = 'e2e-narrow-client';

/** The simulator script of the end-to-end tests. */
export function e2eScript(): SimulatorScript {
  const redirectUris = [`${SIMULATOR_ORIGIN_PLACEHOLDER}/app-callback`];
  return {
    clients: [
      {
        clientId: E2E_CLIENT_ID,
        clientSecret: 'e2e-secret-value-0123456789',
        redirectUris,
        enabledScopes: [...SCOPE_NAMES],
        allowServiceAccount: true,
      },
      {
        clientId: NARROW_CLIENT_ID,
        clientSecret: 'e2e-narrow-secret-0123456789',
        redirectUris,
        enabledScopes: ['companyinformation', 'invoice'],
        allowServiceAccount: false,
      },
    ],
    users: [
      {
        username: 'anna',
        password: 'demo',
        name: 'Anna Andersson',
        companies: [
          { tenantId: 1001, name: 'Bokföringsbyrån Norr AB', organizationNumber: '556677-8899', sysAdmin: true },
          { tenantId: 1002, name: 'Café Söder AB', organizationNumber: '559012-3456', sysAdmin: false },
        ],
      },
      {
        username: 'bo',
        password: 'demo',
        name: 'Bo Berg',
        companies: [{ tenantId: 2001, name: 'Bergs Bygg AB', organizationNumber: '556123-4567', sysAdmin: true }],
      },
      {
        username: 'lars',
        password: 'demo',
        name: 'Lars Låst',
        companies: [
          { tenantId: 3001, name: 'Obetalt AB', organizationNumber: '556999-0001', sysAdmin: true, locked: true },
        ],
      },
    ],
  };
}
