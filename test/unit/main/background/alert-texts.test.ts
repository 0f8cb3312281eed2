import { describe, expect, it } from 'vitest';
import {
  badgeText,
  combinedText,
  expiringText,
  notificationText,
  overlayDescription,
  reconnectText,
  trayTooltip,
} from '../../../../main/background/alert-texts';
import { DAY } from './company-summaries';

const acme = { tenantId: '1', companyName: 'Acme AB' };
const beta = { tenantId: '2', companyName: 'Beta AB' };
const nameless = { tenantId: '3', companyName: null };

describe('the texts of alerts', () => {
  it('names the one company that needs reconnecting', () => {
    expect(reconnectText([acme], 'sv').title).toBe('Acme AB behöver anslutas igen');
    expect(reconnectText([acme], 'en').title).toBe('Acme AB needs reconnecting');
    expect(reconnectText([nameless], 'sv').title).toBe('Företaget med databasnummer 3 behöver anslutas igen');
  });

  it('groups several companies under one count and names the first two', () => {
    expect(reconnectText([acme, beta, nameless], 'sv')).toEqual({
      title: '3 företag behöver anslutas igen',
      body: 'Acme AB, Beta AB och 1 till. Klicka för att visa dem.',
    });
    expect(reconnectText([acme, beta], 'en')).toEqual({
      title: '2 companies need reconnecting',
      body: 'Acme AB and Beta AB. Click to show them.',
    });
  });

  it('cleans a hostile company name before the OS shows it', () => {
    const text = reconnectText([{ tenantId: '9', companyName: 'Evil\u202E AB\n' }], 'en');
    expect(text.title).toBe('Evil AB needs reconnecting');
  });

  it('escapes markup in a Fortnox company name in the body of a Linux notification, and nowhere else', () => {
    const hostile = { tenantId: '9', companyName: '<a href="https://evil.example">Pay</a> & <b>Co</b>' };
    const text = reconnectText([hostile, beta], 'en');
    const linux = notificationText(text, 'linux');
    expect(linux.body).toBe('&lt;a href="https://evil.example"&gt;Pay&lt;/a&gt; &amp; &lt;b&gt;Co&lt;/b&gt; and Beta AB. Click to show them.');
    expect(linux.body).not.toMatch(/<|>/);
    expect(linux.title).toBe(text.title);
    expect(notificationText(text, 'darwin')).toEqual(text);
    expect(notificationText(text, 'win32')).toEqual(text);
  });

  it('gives the 7-day warning the date of the deadline', () => {
    // Local noon, so the day is 8 December in every time zone the test may run in.
    const at = new Date(2026, 11, 8, 12).getTime();
    expect(expiringText([{ ...acme, expiresAt: at }], 'sv').title).toBe('Anslutningen till Acme AB går ut 8 december 2026');
    expect(expiringText([{ ...acme, expiresAt: at }], 'en').title).toBe('The connection to Acme AB expires on 8 December 2026');
    const many = expiringText([{ ...acme, expiresAt: at }, { ...beta, expiresAt: at + DAY }], 'en');
    expect(many.title).toBe("2 companies' connections expire within 7 days");
    expect(many.body).toContain('8 December 2026');
  });

  it('puts both kinds into one notification', () => {
    expect(combinedText(2, 3, 'sv').title).toBe('5 företag behöver åtgärdas');
    expect(combinedText(2, 3, 'en').body).toBe('2 need reconnecting and 3 expire within 7 days. Click to show them.');
  });

  it('carries the count in the tray tooltip, and only the name when nothing needs attention', () => {
    expect(trayTooltip(0, 'sv')).toBe('Fortnox Connector');
    expect(trayTooltip(3, 'sv')).toBe('Fortnox Connector: 3 företag behöver åtgärdas');
    expect(trayTooltip(1, 'en')).toBe('Fortnox Connector: 1 company needs attention');
    expect(trayTooltip(4, 'en')).toBe('Fortnox Connector: 4 companies need attention');
  });

  it('shows the count on the dock badge, none at zero, and caps it at 99+', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(100)).toBe('99+');
  });

  it('describes the Windows overlay icon in words', () => {
    expect(overlayDescription(1, 'en')).toBe('1 company needs attention');
    expect(overlayDescription(12, 'sv')).toBe('12 företag behöver åtgärdas');
  });
});
