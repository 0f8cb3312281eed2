import { describe, expect, it } from 'vitest';
import { parseLocalApiPortInput } from '../../../shared/local-api-port';
import { localApiPortSchema } from '../../../shared/local-api-status';

describe('parseLocalApiPortInput', () => {
  it('takes an empty field as the default port', () => {
    expect(parseLocalApiPortInput('')).toEqual({ ok: true, port: null });
    expect(parseLocalApiPortInput('   ')).toEqual({ ok: true, port: null });
  });

  it('takes a port from 1024 to 65535, spaces around it allowed', () => {
    expect(parseLocalApiPortInput(' 41900 ')).toEqual({ ok: true, port: 41900 });
    expect(parseLocalApiPortInput('1024')).toEqual({ ok: true, port: 1024 });
    expect(parseLocalApiPortInput('65535')).toEqual({ ok: true, port: 65_535 });
  });

  it.each(['80', '1023', '65536', '99999', '4181.7', '-41817', '+41817', '41 817', '0x1000', 'abc', '1e4', '４１８１７'])('refuses %j', (text) => {
    expect(parseLocalApiPortInput(text)).toEqual({ ok: false });
  });

  it('agrees with the schema main validates with at the edges', () => {
    for (const port of [1023, 1024, 65_535, 65_536]) {
      expect(parseLocalApiPortInput(String(port)).ok).toBe(localApiPortSchema.safeParse(port).success);
    }
  });
});
