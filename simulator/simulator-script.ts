import { z } from 'zod';
import { SCOPE_NAMES } from '../shared/scope-names';

/**
 * Written in a redirect URI, this is replaced by the simulator's own origin once it listens
 * (its port is not known before), e.g. `{simulator-origin}/app-callback`.
 */
export const SIMULATOR_ORIGIN_PLACEHOLDER = '{simulator-origin}';

/** A redirect URI: absolute, or starting with the origin placeholder. */
const redirectUriSchema = z
  .string()
  .min(1)
  .refine((value) => value.startsWith(SIMULATOR_ORIGIN_PLACEHOLDER) || URL.canParse(value), {
    message: `must be an absolute URL or start with ${SIMULATOR_ORIGIN_PLACEHOLDER}`,
  });

/** An integration as registered in Fortnox's Developer Portal. */
export const simulatorClientSchema = z.object({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** Registered redirect URIs; the first is used when a request leaves `redirect_uri` out. */
  redirectUris: z.array(redirectUriSchema).min(1),
  /** Scopes ticked for the integration in the portal; others fail with `invalid_scope` before login. */
  enabledScopes: z.array(z.enum(SCOPE_NAMES)),
  /** The portal's "Only administrator" option; without it `account_type=service` is refused. */
  allowServiceAccount: z.boolean(),
});

/** One Fortnox company (tenant) as a user sees it. */
export const simulatorCompanySchema = z.object({
  /** Fortnox's TenantId, equal to `DatabaseNumber` in `/3/companyinformation`. */
  tenantId: z.number().int().positive(),
  name: z.string().min(1),
  organizationNumber: z.string().min(1),
  /** Whether this user is a system administrator of the company (needed for service accounts). */
  sysAdmin: z.boolean(),
  /** A locked (e.g. unpaid) account: Fortnox redirects back with no query at all. */
  locked: z.boolean().optional(),
  /**
   * Scopes whose Fortnox module this company holds no licence for (fortnox.md section 6: the
   * company must hold the module's licence). The consent page marks them, and the grant leaves
   * them out: the token's `scope` holds only what was granted (section 6), as OAuth allows when a
   * server grants less than asked for (RFC 6749 section 3.3), so the app sees granted < requested.
   * API calls needing them get 2001101 "no active licence", as for any scope the token lacks.
   */
  unlicensedScopes: z.array(z.enum(SCOPE_NAMES)).optional(),
  /** Postal address for `/3/companyinformation`; a Stockholm default when left out. */
  address: z.string().optional(),
  zipCode: z.string().optional(),
  city: z.string().optional(),
  /** ISO country code, `SE` when left out. */
  countryCode: z.string().optional(),
  /** Visiting address; each field falls back to its postal counterpart. */
  visitAddress: z.string().optional(),
  visitZipCode: z.string().optional(),
  visitCity: z.string().optional(),
  visitCountryCode: z.string().optional(),
});

/** A Fortnox login and the companies it can reach. */
export const simulatorUserSchema = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
  name: z.string().min(1),
  companies: z.array(simulatorCompanySchema).min(1),
});

/** Everything a test scripts about the fake Fortnox: integrations and users. */
export const simulatorScriptSchema = z
  .object({
    clients: z.array(simulatorClientSchema).min(1),
    users: z.array(simulatorUserSchema),
  })
  .superRefine((script, ctx) => {
    reportDuplicates(
      script.clients.map((client) => client.clientId),
      'clientId',
      ctx,
    );
    reportDuplicates(
      script.users.map((user) => user.username),
      'username',
      ctx,
    );
    for (const [index, user] of script.users.entries()) {
      reportDuplicates(
        user.companies.map((company) => String(company.tenantId)),
        `users[${index}].companies tenantId`,
        ctx,
      );
    }
    // A tenantId names one company, so every user who lists it must describe it the same way
    // (the API endpoints answer per tenant, not per user).
    const companies = new Map<number, { name: string; organizationNumber: string }>();
    for (const company of script.users.flatMap((user) => user.companies)) {
      const known = companies.get(company.tenantId);
      if (known === undefined) {
        companies.set(company.tenantId, company);
      } else if (known.name !== company.name || known.organizationNumber !== company.organizationNumber) {
        ctx.addIssue({
          code: 'custom',
          message: `tenantId ${company.tenantId} is described differently by two users`,
        });
      }
    }
  });

/** A scripted integration (after parsing). */
export type SimulatorClient = z.infer<typeof simulatorClientSchema>;
/** A scripted company (after parsing). */
export type SimulatorCompany = z.infer<typeof simulatorCompanySchema>;
/** A scripted user (after parsing). */
export type SimulatorUser = z.infer<typeof simulatorUserSchema>;
/** What `startFortnoxSimulator` accepts. */
export type SimulatorScript = z.input<typeof simulatorScriptSchema>;
/** A script after validation. */
export type ParsedSimulatorScript = z.infer<typeof simulatorScriptSchema>;

function reportDuplicates(values: readonly string[], what: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `duplicate ${what}: ${value}` });
    seen.add(value);
  }
}

/** Validates a script and puts the simulator's origin into redirect URIs that use the placeholder. */
export function resolveScript(script: SimulatorScript, origin: string): ParsedSimulatorScript {
  const parsed = simulatorScriptSchema.parse(script);
  return {
    ...parsed,
    clients: parsed.clients.map((client) => ({
      ...client,
      redirectUris: client.redirectUris.map((uri) => uri.split(SIMULATOR_ORIGIN_PLACEHOLDER).join(origin)),
    })),
  };
}

/** The demo integration's client id. */
export const DEMO_CLIENT_ID = 'simulator-client';
/** The demo integration's client secret (a fake; the simulator is never a real Fortnox). */
export const DEMO_CLIENT_SECRET = 'simulator-secret-not-for-production';

/** The script `npm start` runs against: one integration, all scopes, logins `anna`/`demo` and `bo`/`demo`. */
export function defaultDemoScript(): SimulatorScript {
  return {
    clients: [
      {
        clientId: DEMO_CLIENT_ID,
        clientSecret: DEMO_CLIENT_SECRET,
        redirectUris: [`${SIMULATOR_ORIGIN_PLACEHOLDER}/app-callback`],
        enabledScopes: [...SCOPE_NAMES],
        allowServiceAccount: true,
      },
    ],
    users: [
      {
        username: 'anna',
        password: 'demo',
        name: 'Anna Lindqvist',
        companies: [
          {
            tenantId: 1204571,
            name: 'Lindqvist Redovisning AB',
            organizationNumber: '556677-8899',
            sysAdmin: true,
          },
          {
            tenantId: 1309822,
            name: 'Björkens Bygg & Måleri AB',
            organizationNumber: '559123-4567',
            sysAdmin: false,
          },
        ],
      },
      {
        username: 'bo',
        password: 'demo',
        name: 'Bo Ekström',
        companies: [
          {
            tenantId: 1411093,
            name: 'Ekströms Café Handelsbolag',
            organizationNumber: '969712-3456',
            sysAdmin: true,
          },
        ],
      },
    ],
  };
}
