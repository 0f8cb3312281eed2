import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatRelative } from '../../../../renderer/src/common/relative-time';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('relative time', () => {
  it('says "för 3 timmar sedan" and "3 hours ago"', () => {
    expect(formatRelative(NOW - 3 * HOUR, NOW, 'sv')).toBe('för 3 timmar sedan');
    expect(formatRelative(NOW - 3 * HOUR, NOW, 'en')).toBe('3 hours ago');
  });

  it('calls anything within a minute "nyss" / "just now", also a little in the future (clock skew)', () => {
    expect(formatRelative(NOW - 20_000, NOW, 'sv')).toBe('nyss');
    expect(formatRelative(NOW + 20_000, NOW, 'sv')).toBe('nyss');
    expect(formatRelative(NOW + 20_000, NOW, 'en')).toBe('just now');
  });

  it('uses minutes, then hours, then days', () => {
    expect(formatRelative(NOW - 5 * MINUTE, NOW, 'sv')).toBe('för 5 minuter sedan');
    expect(formatRelative(NOW - 59 * MINUTE, NOW, 'en')).toBe('59 minutes ago');
    expect(formatRelative(NOW - 23 * HOUR, NOW, 'en')).toBe('23 hours ago');
    expect(formatRelative(NOW - DAY, NOW, 'sv')).toBe('i går');
    expect(formatRelative(NOW - 3 * DAY, NOW, 'en')).toBe('3 days ago');
  });

  it('uses weeks from two weeks, months from 30 days and years from 365 days', () => {
    expect(formatRelative(NOW - 10 * DAY, NOW, 'en')).toBe('10 days ago');
    expect(formatRelative(NOW - 15 * DAY, NOW, 'en')).toBe('2 weeks ago');
    expect(formatRelative(NOW - 45 * DAY, NOW, 'sv')).toBe('förra månaden');
    expect(formatRelative(NOW - 90 * DAY, NOW, 'en')).toBe('3 months ago');
    expect(formatRelative(NOW - 800 * DAY, NOW, 'en')).toBe('2 years ago');
  });

  it('speaks of the future too (a token that expires in 40 days)', () => {
    expect(formatRelative(NOW + 3 * HOUR, NOW, 'sv')).toBe('om 3 timmar');
    expect(formatRelative(NOW + 40 * DAY, NOW, 'en')).toBe('next month');
  });

  it('gives the exact date and time with the year', () => {
    const at = new Date(2026, 10, 29, 9, 5).getTime();
    expect(formatAbsolute(at, 'sv')).toBe('29 nov. 2026 09:05');
    expect(formatAbsolute(at, 'en')).toBe('29 Nov 2026, 09:05');
  });
});
