import { describe, expect, it } from 'vitest';
import { addressGroup } from '../../../../server/auth/address-group';

describe('addressGroup: what a per-address limit counts under', () => {
  it('keeps an IPv4 address as it is, also when written IPv4-mapped', () => {
    expect(addressGroup('192.0.2.1')).toBe('192.0.2.1');
    expect(addressGroup('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressGroup('::FFFF:c000:0201')).toBe('192.0.2.1');
  });

  it('groups IPv6 addresses by their /64, however they are written', () => {
    const group = addressGroup('2001:db8:1:2::1');
    expect(group).toBe('2001:db8:1:2::/64');
    for (const same of ['2001:0db8:0001:0002:0000:0000:0000:0001', '2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:DB8:1:2:a:b:c:d', '2001:db8:1:2::1%eth0', '2001:db8:1:2::10.0.0.1']) {
      expect(addressGroup(same), same).toBe(group);
    }
    expect(addressGroup('2001:db8:1:3::1')).not.toBe(group);
    expect(addressGroup('::1')).toBe('0:0:0:0::/64');
    expect(addressGroup('fe80::1')).toBe('fe80:0:0:0::/64');
  });

  it('leaves anything that is not an IP address as given', () => {
    expect(addressGroup('unknown')).toBe('unknown');
    expect(addressGroup('2001:db8::1::2')).toBe('2001:db8::1::2');
  });
});
