import { describe, expect, it } from 'vitest';
import { InFlightLimits } from '../../../../main/local-api/in-flight-limits';

describe('in-flight caps of proxied calls', () => {
  it('refuses a key past its cap and a company past its cap, and frees a place on release (once)', () => {
    const limits = new InFlightLimits({ perKey: 2, perCompany: 3 });
    const a1 = limits.enter('a', '101');
    const a2 = limits.enter('a', '101');
    expect(limits.enter('a', '202')).toBeUndefined();
    expect(limits.enter('b', '101')).toBeDefined();
    expect(limits.enter('c', '101')).toBeUndefined();
    expect(limits.enter('c', '202')).toBeDefined();

    a1?.();
    a1?.();
    expect(limits.enter('c', '101')).toBeDefined();
    expect(limits.enter('d', '101')).toBeUndefined();
    a2?.();
    expect(limits.enter('a', '101')).toBeDefined();
  });
});
