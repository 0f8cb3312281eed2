import { describe, expect, it } from 'vitest';
import { SCOPE_NAMES } from '../../../shared/scope-names';
import {
  DEMO_CLIENT_ID,
  SIMULATOR_ORIGIN_PLACEHOLDER,
  defaultDemoScript,
  resolveScript,
  simulatorScriptSchema,
  type SimulatorScript,
} from '../../../simulator/simulator-script';
import { testScript, trackSimulators } from './simulator-test-kit';

describe('simulator scripts', () => {
  const start = trackSimulators();

  it('accepts the default demo script', () => {
    expect(simulatorScriptSchema.safeParse(defaultDemoScript()).success).toBe(true);
  });

  it('gives the demo client every scope, service accounts and the placeholder redirect URI', () => {
    const [client] = defaultDemoScript().clients;

    expect(client).toMatchObject({
      clientId: DEMO_CLIENT_ID,
      redirectUris: [`${SIMULATOR_ORIGIN_PLACEHOLDER}/app-callback`],
      enabledScopes: [...SCOPE_NAMES],
      allowServiceAccount: true,
    });
  });

  it('has demo logins anna with two companies and bo with one, with 10-digit org numbers', () => {
    const users = defaultDemoScript().users;

    expect(users.map((user) => [user.username, user.password, user.companies.length])).toEqual([
      ['anna', 'demo', 2],
      ['bo', 'demo', 1],
    ]);
    for (const company of users.flatMap((user) => user.companies)) {
      expect(company.organizationNumber).toMatch(/^\d{6}-\d{4}$/);
    }
  });

  it("replaces the origin placeholder with the running simulator's origin", async () => {
    const simulator = await start(defaultDemoScript());

    expect(simulator.script.clients[0]?.redirectUris).toEqual([`${simulator.origin}/app-callback`]);
  });

  it('leaves redirect URIs without the placeholder as they are', () => {
    const resolved = resolveScript(testScript(), 'http://127.0.0.1:1234');

    expect(resolved.clients[0]?.redirectUris).toEqual([
      'http://127.0.0.1:1234/app-callback',
      'https://app.example/callback?source=fortnox',
    ]);
  });

  it('rejects a scope name Fortnox does not have', () => {
    const script = testScript();
    const broken = { ...script, clients: [{ ...script.clients[0], enabledScopes: ['noxfinanceinvoice'] }] };

    expect(simulatorScriptSchema.safeParse(broken).success).toBe(false);
  });

  it('rejects two clients with the same client id and two users with the same username', () => {
    const script = testScript();
    const twiceClient: SimulatorScript = { ...script, clients: [...script.clients, ...script.clients.slice(0, 1)] };
    const twiceUser: SimulatorScript = { ...script, users: [...script.users, ...script.users.slice(0, 1)] };

    expect(simulatorScriptSchema.safeParse(twiceClient).success).toBe(false);
    expect(simulatorScriptSchema.safeParse(twiceUser).success).toBe(false);
  });

  it('rejects a tenant described differently by two users', () => {
    const script = testScript();
    const conflicting: SimulatorScript = {
      ...script,
      users: [
        ...script.users,
        {
          username: 'other',
          password: 'pw',
          name: 'Other',
          companies: [{ tenantId: 101, name: 'Another name AB', organizationNumber: '556101-0101', sysAdmin: false }],
        },
      ],
    };

    expect(simulatorScriptSchema.safeParse(conflicting).success).toBe(false);
  });

  it('rejects a redirect URI that is neither absolute nor placeholder-based', () => {
    const script = testScript();
    const broken = { ...script, clients: [{ ...script.clients[0], redirectUris: ['/relative'] }] };

    expect(simulatorScriptSchema.safeParse(broken).success).toBe(false);
  });

  it('refuses to start with an invalid script', async () => {
    await expect(start({ clients: [], users: [] })).rejects.toThrow();
  });
});
