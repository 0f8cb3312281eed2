import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../shared/ipc-channels';
import {
  appInfoSchema,
  configProblemSchema,
  copyToolTextSchema,
  createToolKeyResultSchema,
  toolKeyViewSchema,
  connectRequestSchema,
  connectResultSchema,
  eventContract,
  flowStatusSchema,
  invokeContract,
  settingsViewSchema,
} from '../../../shared/ipc-contract';
import { FLOW_ERROR_CODES } from '../../../shared/flow-errors';
import { SCOPE_NAMES } from '../../../shared/scope-names';

type AnySchema = z.ZodType;

const TOOL_KEY = 'fxc_0123456789ABCDEFGHIJabcdefghij012345';
const TOOL_KEY_VIEW = {
  id: 'key_0123456789abcdef',
  name: 'Excel-rapport',
  companies: ['1001'],
  right: 'read',
  createdAt: 1,
  expiresAt: null,
  lastUsedAt: null,
  revokedAt: null,
};

/** One valid value per object shape the contract declares. */
const VALID: [string, AnySchema, Record<string, unknown>][] = [
  ['configProblem', configProblemSchema, { field: 'clientId', problem: 'missing', source: 'default' }],
  [
    'appInfo (ok)',
    appInfoSchema,
    { version: '0.1.0', simulator: false, packaged: true, systemLanguages: ['sv-SE'], config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se' } },
  ],
  [
    'appInfo (problems)',
    appInfoSchema,
    {
      version: '0.1.0',
      simulator: true,
      packaged: false,
      systemLanguages: [],
      config: { ok: false, problems: [{ field: 'redirectUri', problem: 'not_https', source: 'environment' }] },
    },
  ],
  ['connectRequest', connectRequestSchema, { scopes: ['invoice'], offlineAccess: true, serviceAccount: false, restart: false }],
  ['connectResult started', connectResultSchema, { result: 'started', flowId: 'flow-abcd1234' }],
  ['connectResult focused-existing', connectResultSchema, { result: 'focused-existing', flowId: 'flow-abcd1234' }],
  ['connectResult refused', connectResultSchema, { result: 'refused', error: 'config_invalid' }],
  ['status idle', flowStatusSchema, { phase: 'idle' }],
  [
    'status signing-in',
    flowStatusSchema,
    { phase: 'signing-in', flowId: 'flow-abcd1234', startedAt: 1, expiresAt: 600_001, scopes: ['invoice'], serviceAccount: false },
  ],
  [
    'status succeeded',
    flowStatusSchema,
    { phase: 'succeeded', flowId: 'flow-abcd1234', scopes: ['companyinformation'], serviceAccount: true, finishedAt: 2 },
  ],
  [
    'status failed (full)',
    flowStatusSchema,
    { phase: 'failed', flowId: 'flow-abcd1234', error: 'provider_error', fortnoxError: 'x', detail: 'y', finishedAt: 3 },
  ],
  ['status failed (bare)', flowStatusSchema, { phase: 'failed', flowId: 'flow-abcd1234', error: 'timeout', finishedAt: 3 }],
  ['cancel result', invokeContract[INVOKE_CHANNELS.cancelConnect].result, { cancelled: true }],
  ['toolKeyView', toolKeyViewSchema, TOOL_KEY_VIEW],
  ['createToolKeyResult created', createToolKeyResultSchema, { ok: true, key: TOOL_KEY, record: TOOL_KEY_VIEW, port: 41817 }],
  ['createToolKeyResult refused', createToolKeyResultSchema, { ok: false, reason: 'too_many_keys' }],
  ['copyToolText', copyToolTextSchema, { what: 'python', key: TOOL_KEY, databaseNumber: '1001' }],
];

/** Every object schema reachable from `schema`, walked through zod 4's public `_zod.def`. */
function objectSchemas(schema: AnySchema, found: AnySchema[] = []): AnySchema[] {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object': {
      found.push(schema);
      for (const field of Object.values(def.shape as Record<string, AnySchema>)) objectSchemas(field, found);
      break;
    }
    case 'array':
      objectSchemas(def.element as AnySchema, found);
      break;
    case 'union':
      for (const option of def.options as AnySchema[]) objectSchemas(option, found);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
      objectSchemas(def.innerType as AnySchema, found);
      break;
    case 'pipe':
      objectSchemas(def.in as AnySchema, found);
      objectSchemas(def.out as AnySchema, found);
      break;
    default:
      break;
  }
  return found;
}

describe('the IPC contract', () => {
  it('declares a schema pair for every invoke channel and one for every event channel', () => {
    expect(Object.keys(invokeContract).sort()).toEqual(Object.values(INVOKE_CHANNELS).sort());
    expect(Object.keys(eventContract)).toEqual(Object.values(EVENT_CHANNELS));
  });

  it('makes every object schema in it strict', () => {
    const all = [
      ...Object.values(invokeContract).flatMap((entry) => [entry.args, entry.result]),
      ...Object.values(eventContract),
    ].flatMap((schema) => objectSchemas(schema as AnySchema));
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const schema of all) {
      const catchall = (schema._zod.def as unknown as { catchall?: AnySchema }).catchall;
      expect(catchall?._zod.def.type).toBe('never');
    }
  });

  it.each(VALID)('accepts a valid %s', (_name, schema, value) => {
    expect(schema.safeParse(value).success).toBe(true);
  });

  it.each(VALID)('refuses a %s with an extra key', (_name, schema, value) => {
    expect(schema.safeParse({ ...value, code: 'abc' }).success).toBe(false);
    expect(schema.safeParse({ ...value, accessToken: 'abc' }).success).toBe(false);
  });

  it('refuses an extra key on a nested object', () => {
    expect(
      appInfoSchema.safeParse({
        version: '0.1.0',
        simulator: false,
        packaged: false,
        systemLanguages: [],
        config: { ok: true, authorizeOrigin: 'https://apps.fortnox.se', clientId: 'leak' },
      }).success,
    ).toBe(false);
    expect(
      appInfoSchema.safeParse({
        version: '0.1.0',
        simulator: false,
        packaged: false,
        systemLanguages: [],
        config: { ok: false, problems: [{ field: 'clientId', problem: 'missing', source: 'default', value: 'leak' }] },
      }).success,
    ).toBe(false);
  });

  it('takes no argument on the argument-less channels', () => {
    for (const channel of [INVOKE_CHANNELS.getAppInfo, INVOKE_CHANNELS.getFlowStatus, INVOKE_CHANNELS.cancelConnect]) {
      expect(invokeContract[channel].args.safeParse(undefined).success).toBe(true);
      expect(invokeContract[channel].args.safeParse({}).success).toBe(false);
      expect(invokeContract[channel].args.safeParse(null).success).toBe(false);
    }
  });
});

describe('settingsViewSchema', () => {
  const view = (locked: string[]) => ({
    clientId: null,
    redirectUri: null,
    clientIdSource: 'managed',
    redirectUriSource: 'managed',
    locked,
    clientSecret: { set: true, source: 'managed', savedAt: null },
    storage: { mode: 'encrypted', reason: null, problems: [] },
    simulator: false,
  });

  it('accepts the fields a managed configuration can lock: the client id and the redirect URI', () => {
    expect(settingsViewSchema.safeParse(view(['clientId', 'redirectUri'])).success).toBe(true);
  });

  it('refuses a locked client secret, which nothing produces (a user may always enter their own)', () => {
    expect(settingsViewSchema.safeParse(view(['clientSecret'])).success).toBe(false);
  });
});

describe('flowStatusSchema', () => {
  it('accepts every flow error code in a failed status', () => {
    for (const error of FLOW_ERROR_CODES) {
      expect(flowStatusSchema.safeParse({ phase: 'failed', flowId: 'flow-abcd1234', error, finishedAt: 0 }).success).toBe(true);
    }
  });

  it.each([
    ['an unknown phase', { phase: 'done' }],
    ['an unknown error code', { phase: 'failed', flowId: 'flow-abcd1234', error: 'oops', finishedAt: 0 }],
    ['a short flow id', { phase: 'failed', flowId: 'short', error: 'timeout', finishedAt: 0 }],
    ['a flow id with other characters', { phase: 'failed', flowId: 'flow id/1234', error: 'timeout', finishedAt: 0 }],
    ['a negative time', { phase: 'failed', flowId: 'flow-abcd1234', error: 'timeout', finishedAt: -1 }],
    ['a fractional time', { phase: 'failed', flowId: 'flow-abcd1234', error: 'timeout', finishedAt: 1.5 }],
    ['an over-long detail', { phase: 'failed', flowId: 'flow-abcd1234', error: 'timeout', detail: 'x'.repeat(501), finishedAt: 0 }],
    ['an unknown scope', { phase: 'succeeded', flowId: 'flow-abcd1234', scopes: ['all'], serviceAccount: false, finishedAt: 0 }],
    ['a missing field', { phase: 'signing-in', flowId: 'flow-abcd1234', startedAt: 0, scopes: [], serviceAccount: false }],
    ['a time after the year 9999', { phase: 'failed', flowId: 'flow-abcd1234', error: 'timeout', finishedAt: 1e15 }],
    ['a detail with a bidirectional override', { phase: 'failed', flowId: 'flow-abcd1234', error: 'timeout', detail: 'a\u202Eb', finishedAt: 0 }],
    [
      'a connected company name with a bidirectional override',
      {
        phase: 'succeeded',
        flowId: 'flow-abcd1234',
        scopes: [],
        serviceAccount: false,
        finishedAt: 0,
        company: { tenantId: '1', companyName: 'Bolag \u202EBA', reconnected: false, scopesNotGranted: [], scopesNotRequested: [] },
      },
    ],
    [
      'another company named with a line break',
      {
        phase: 'failed',
        flowId: 'flow-abcd1234',
        error: 'wrong_company',
        finishedAt: 0,
        otherCompany: { expected: { tenantId: '1', companyName: 'A' }, actual: { tenantId: '2', companyName: 'B\nC' }, held: true, alreadyConnected: false },
      },
    ],
  ])('refuses a status with %s', (_name, value) => {
    expect(flowStatusSchema.safeParse(value).success).toBe(false);
  });
});

describe('connectRequestSchema', () => {
  const base = { offlineAccess: true, serviceAccount: false, restart: false };

  it('accepts one scope and the whole catalogue', () => {
    expect(connectRequestSchema.safeParse({ ...base, scopes: ['companyinformation'] }).success).toBe(true);
    expect(connectRequestSchema.safeParse({ ...base, scopes: [...SCOPE_NAMES] }).success).toBe(true);
  });

  it('refuses zero scopes', () => {
    expect(connectRequestSchema.safeParse({ ...base, scopes: [] }).success).toBe(false);
  });

  it('refuses an unknown scope and a scope in the wrong case', () => {
    expect(connectRequestSchema.safeParse({ ...base, scopes: ['invoice', 'everything'] }).success).toBe(false);
    expect(connectRequestSchema.safeParse({ ...base, scopes: ['Invoice'] }).success).toBe(false);
    expect(connectRequestSchema.safeParse({ ...base, scopes: ['invoice customer'] }).success).toBe(false);
  });

  it('refuses duplicate scopes', () => {
    expect(connectRequestSchema.safeParse({ ...base, scopes: ['invoice', 'customer', 'invoice'] }).success).toBe(false);
  });

  it('refuses more scopes than the catalogue has', () => {
    expect(connectRequestSchema.safeParse({ ...base, scopes: [...SCOPE_NAMES, 'invoice'] }).success).toBe(false);
  });

  it('refuses a request without a flag or with a flag of the wrong type', () => {
    expect(connectRequestSchema.safeParse({ scopes: ['invoice'], offlineAccess: true, serviceAccount: false }).success).toBe(false);
    expect(connectRequestSchema.safeParse({ ...base, scopes: ['invoice'], restart: 'true' }).success).toBe(false);
  });
});

describe('connectResultSchema', () => {
  it('refuses a refusal with another error than config_invalid', () => {
    expect(connectResultSchema.safeParse({ result: 'refused', error: 'timeout' }).success).toBe(false);
  });
});

describe('the Tools view channels', () => {
  it('never carry a key\'s hash in a listed or created key', () => {
    const withHash = { ...TOOL_KEY_VIEW, sha256: 'a'.repeat(64) };
    expect(invokeContract[INVOKE_CHANNELS.listToolKeys].result.safeParse({ keys: [withHash] }).success).toBe(false);
    expect(createToolKeyResultSchema.safeParse({ ok: true, key: TOOL_KEY, record: withHash, port: 41817 }).success).toBe(false);
  });

  it('carry a created key only in the tool key format', () => {
    for (const key of ['', 'fxc_short', `${TOOL_KEY}x`, TOOL_KEY.replace('fxc_', 'ghp_'), `${TOOL_KEY.slice(0, -1)}"`]) {
      expect(createToolKeyResultSchema.safeParse({ ok: true, key, record: TOOL_KEY_VIEW, port: 41817 }).success, key).toBe(false);
    }
  });

  it('accept "all" or chosen tenant ids, each lifetime offered and none, and every right, when creating a key', () => {
    const args = invokeContract[INVOKE_CHANNELS.createToolKey].args;
    for (const companies of ['all', ['1001'], ['1001', '2001']]) {
      for (const lifetimeDays of [30, 90, 365, null]) {
        for (const right of ['read', 'read-write', 'token']) {
          expect(args.safeParse({ name: 'Verktyg', companies, right, lifetimeDays }).success).toBe(true);
        }
      }
    }
    expect(args.safeParse({ name: 'Verktyg', companies: 'some', right: 'read', lifetimeDays: 30 }).success).toBe(false);
  });

  it('let a refusal name only a known reason', () => {
    expect(createToolKeyResultSchema.safeParse({ ok: false, reason: 'disk full at C:\\' }).success).toBe(false);
  });
});
