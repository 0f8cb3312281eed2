import { describe, expect, it } from 'vitest';
import type { NavigationPolicy } from '../../../../main/connect/navigation-policy';
import { parseRedirectTarget } from '../../../../main/connect/redirect-matcher';
import { createRequestListener, reportDecision, type DecisionReporter } from '../../../../main/connect/sign-in-request-listener';
import type { SignInWindowEvent } from '../../../../main/connect/sign-in-window-port';

const policy: NavigationPolicy = {
  redirect: parseRedirectTarget('https://connect.example.se/fortnox/callback'),
  allowedOrigins: new Set(['https://apps.fortnox.se']),
  frameOrigins: new Set(['https://captcha.example']),
};
const BANKID = 'bankid:///?autostarttoken=7c40b5c9-fa74-49cf-b98c-bfe651f9a7c6&redirect=null';

/** A listener whose callback, events and scheduled work all write into one ordered record. */
function recorded(flowOpen = true) {
  const order: string[] = [];
  const events: SignInWindowEvent[] = [];
  const queue: (() => void)[] = [];
  const opened: string[] = [];
  let open = flowOpen;
  const reporter: DecisionReporter = {
    request: {
      policy,
      isOpen: () => open,
      onEvent: (event) => {
        order.push(`onEvent:${event.type}`);
        events.push(event);
      },
    },
    openExternal: (url) => {
      order.push('openExternal');
      opened.push(url);
    },
  };
  const listener = createRequestListener(reporter, (run) => {
    order.push('scheduled');
    queue.push(run);
  });
  const request = (url: string, resourceType: string) =>
    listener({ url, resourceType }, (response) => order.push(`callback:${response.cancel ? 'cancel' : 'continue'}`));
  const runScheduled = () => {
    for (const run of queue.splice(0)) run();
  };
  return { order, events, opened, request, runScheduled, close: () => (open = false), reporter };
}

describe('createRequestListener', () => {
  it('answers the callback request first and reports it to the flow only afterwards, through the scheduler', () => {
    const r = recorded();
    r.request('https://connect.example.se/fortnox/callback?code=abc&state=s', 'mainFrame');
    expect(r.order).toEqual(['callback:cancel', 'scheduled']);
    expect(r.events).toEqual([]);
    r.runScheduled();
    expect(r.order).toEqual(['callback:cancel', 'scheduled', 'onEvent:callback']);
    expect(r.events).toEqual([{ type: 'callback', params: { code: 'abc', state: 's', ambiguous: false } }]);
  });

  it('answers a blocked main-frame request before the flow hears of it', () => {
    const r = recorded();
    r.request('https://evil.example/', 'mainFrame');
    r.runScheduled();
    expect(r.order).toEqual(['callback:cancel', 'scheduled', 'onEvent:navigation-blocked']);
  });

  it('lets allowed requests continue without scheduling anything', () => {
    const r = recorded();
    r.request('https://apps.fortnox.se/app.js', 'script');
    r.request('https://captcha.example/frame', 'subFrame');
    expect(r.order).toEqual(['callback:continue', 'callback:continue']);
  });

  it('cancels a subframe request to the redirect URI and reports it as cancelled, never as a callback', () => {
    const r = recorded();
    r.request('https://connect.example.se/fortnox/callback?code=abc&state=s', 'subFrame');
    r.request('https://connect.example.se/fortnox/callback?code=abc&state=s', 'xhr');
    r.runScheduled();
    expect(r.order.filter((entry) => entry.startsWith('callback:'))).toEqual(['callback:cancel', 'callback:cancel']);
    expect(r.events.map((event) => event.type)).toEqual(['request-cancelled', 'request-cancelled']);
    expect(r.events[0]).toEqual({ type: 'request-cancelled', origin: 'https://connect.example.se', reason: 'redirect-uri' });
  });

  it('cancels sub-resources from foreign origins', () => {
    const r = recorded();
    r.request('https://tracker.example/pixel.gif', 'image');
    r.runScheduled();
    expect(r.events).toEqual([{ type: 'request-cancelled', origin: 'https://tracker.example', reason: 'not-allowed' }]);
  });
});

describe('reportDecision', () => {
  it('hands a BankID link to the OS only if the flow is still open when the report runs', () => {
    const r = recorded();
    reportDecision({ kind: 'open-external', url: BANKID }, r.reporter);
    r.close();
    reportDecision({ kind: 'open-external', url: BANKID }, r.reporter);
    expect(r.opened).toEqual([BANKID]);
  });
});
