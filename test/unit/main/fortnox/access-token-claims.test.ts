import { describe, expect, it } from 'vitest';
import { readAccessTokenClaims } from '../../../../main/fortnox/access-token-claims';
import { TokenClient } from '../../../../main/fortnox/token-client';
import { connectWithClient, nodeFetch, useSimulatedFortnox } from '../simulated-fortnox';

/** A JWT-shaped string around `payload` (not a Fortnox answer: an input the reader must survive). */
function jwtWith(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

describe('readAccessTokenClaims on tokens the simulator issues', () => {
  const start = useSimulatedFortnox();

  it('reads the tenant as a string, the scopes, the user, the client and the expiry', async () => {
    const { clock, simulator } = await start();
    const set = await connectWithClient(simulator, new TokenClient(nodeFetch, clock.now), 101, 'companyinformation invoice');

    expect(readAccessTokenClaims(set.accessToken)).toEqual({
      tenantId: '101',
      scopes: ['companyinformation', 'invoice'],
      userId: 'single',
      clientId: 'test-client',
      expiresAt: clock.now() + 3600 * 1000,
    });
  });

  it('tells two companies of the same user apart', async () => {
    const { clock, simulator } = await start();
    const client = new TokenClient(nodeFetch, clock.now);
    const first = await connectWithClient(simulator, client, 201, 'invoice');
    const second = await connectWithClient(simulator, client, 202, 'invoice');

    expect(readAccessTokenClaims(first.accessToken)?.tenantId).toBe('201');
    expect(readAccessTokenClaims(second.accessToken)?.tenantId).toBe('202');
  });
});

describe('readAccessTokenClaims on malformed input', () => {
  it.each([
    ['an empty string', ''],
    ['two parts', 'eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnRJZCI6MTAxfQ'],
    ['four parts', `${jwtWith({ tenantId: 101 })}.extra`],
    ['an empty payload', 'eyJhbGciOiJIUzI1NiJ9..c2ln'],
    ['a payload that is not base64url JSON', 'eyJhbGciOiJIUzI1NiJ9.%%%not-base64%%%.c2ln'],
    ['a payload that decodes to text, not JSON', `x.${Buffer.from('tenantId=101').toString('base64url')}.y`],
    ['a payload that is JSON null', jwtWith(null)],
    ['a payload that is a JSON array', jwtWith([101])],
  ])('returns undefined for %s', (_name, token) => {
    expect(readAccessTokenClaims(token)).toBeUndefined();
  });

  it.each([
    ['no tenantId', { scopes: ['invoice'] }],
    ['a tenantId that is a word', { tenantId: 'acme' }],
    ['a tenantId with digits and letters', { tenantId: '101abc' }],
    ['a negative tenantId', { tenantId: -101 }],
    ['a fractional tenantId', { tenantId: 10.5 }],
    ['a tenantId of null', { tenantId: null }],
    ['scopes that are not a list', { tenantId: 101, scopes: 'invoice' }],
  ])('returns undefined for claims with %s', (_name, payload) => {
    expect(readAccessTokenClaims(jwtWith(payload))).toBeUndefined();
  });

  it('reads a tenantId with leading zeros as the same company as without them', () => {
    expect(readAccessTokenClaims(jwtWith({ tenantId: '0012345', scopes: [] }))?.tenantId).toBe('12345');
  });

  it.each([['the number 0', 0], ['the string "0"', '0'], ['the string "000"', '000']])(
    'returns undefined for a tenantId of %s, which is no company',
    (_name, tenantId) => {
      expect(readAccessTokenClaims(jwtWith({ tenantId, scopes: [] }))).toBeUndefined();
    },
  );

  it('reads a tenantId sent as a string of digits the same as a number', () => {
    expect(readAccessTokenClaims(jwtWith({ tenantId: '101', scopes: [] }))).toEqual({ tenantId: '101', scopes: [] });
  });

  it('falls back to the space-separated scope claim when there is no scopes list', () => {
    expect(readAccessTokenClaims(jwtWith({ tenantId: 7, scope: ' invoice  customer ' }))?.scopes).toEqual(['invoice', 'customer']);
  });
});
