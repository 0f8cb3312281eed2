import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KnownSecrets } from '../../../../main/logging/known-secrets';

/** `count` distinct JWT-like values: the same header, a different signature. */
function tokens(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `eyJhbGciOiJIUzI1NiJ9.${i}.${createHash('sha256').update(String(i)).digest('base64url')}`);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('KnownSecrets.scrub', () => {
  it('masks the whole stretch where one secret starts inside another, leaving no head or tail', () => {
    const secrets = new KnownSecrets();
    secrets.add('HEAD-1234abcd');
    secrets.add('1234abcd-and-a-longer-tail');
    expect(secrets.scrub('x HEAD-1234abcd-and-a-longer-tail y')).toBe('x [redacted] y');
  });

  it('keeps two adjacent secrets as two masks and the text between secrets as it is', () => {
    const secrets = new KnownSecrets();
    secrets.add('aaaaaaaa');
    secrets.add('bbbbbbbb');
    expect(secrets.scrub('aaaaaaaabbbbbbbb, aaaaaaa bbbbbbbb!')).toBe('[redacted][redacted], aaaaaaa [redacted]!');
  });

  it('does not sort the tracked values for each line it scrubs', () => {
    const secrets = new KnownSecrets();
    for (const token of tokens(1_000)) secrets.add(token);
    const sort = vi.spyOn(Array.prototype, 'sort');
    expect(secrets.scrub(`refresh failed for ${tokens(1_000)[500]} (HTTP 400)`)).toBe('refresh failed for [redacted] (HTTP 400)');
    expect(sort).not.toHaveBeenCalled();
  });

  it('masks every one of 1,000 tracked values and forgets the removed ones', () => {
    const secrets = new KnownSecrets();
    const all = tokens(1_000);
    for (const token of all) secrets.add(token);
    for (const token of all.slice(0, 500)) secrets.remove(token);
    expect(secrets.size).toBe(500);
    expect(secrets.scrub(all.join(' '))).toBe([...all.slice(0, 500), ...Array<string>(500).fill('[redacted]')].join(' '));
  });
});

describe('KnownSecrets.add', () => {
  it('adds a value it already tracks again without scanning it (every vault read does, on each local API request)', () => {
    const secrets = new KnownSecrets();
    const [token = ''] = tokens(1);
    secrets.add(token);
    const test = vi.spyOn(RegExp.prototype, 'test');

    for (let i = 0; i < 10; i += 1) secrets.add(token);

    expect(test).not.toHaveBeenCalled();
    expect(secrets.scrub(`Bearer ${token}`)).toBe('Bearer [redacted]');
  });

  it('tracks a value and its URL encoding in full again after either was removed', () => {
    const secrets = new KnownSecrets();
    const value = 'refresh/token+with=chars';
    secrets.add(value);
    secrets.remove(encodeURIComponent(value));

    secrets.add(value);

    expect(secrets.scrub(`a ${value} b ${encodeURIComponent(value)}`)).toBe('a [redacted] b [redacted]');
  });
});
