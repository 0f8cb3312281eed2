import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../../renderer/src/i18n/messages';
import { INITIAL_LOCAL_API_VIEW, localApiStatusLine, localApiViewReducer } from '../../../../renderer/src/settings/local-api-status';
import type { LocalApiView } from '../../../../shared/local-api-status';

const sv = MESSAGES.sv;
const en = MESSAGES.en;

describe('localApiStatusLine', () => {
  it('says where the API runs, as the address tools use', () => {
    expect(localApiStatusLine({ state: 'running', port: 41817 }, sv)).toMatchObject({ text: 'Körs på http://127.0.0.1:41817', tone: 'ok', retry: false });
    expect(localApiStatusLine({ state: 'running', port: 41817 }, en).text).toBe('Running on http://127.0.0.1:41817');
  });

  it('says a port is taken by another program, warns that tools may be sending their keys to it, and says to choose another port and update the tools', () => {
    const line = localApiStatusLine({ state: 'port_in_use', port: 41817 }, sv);
    expect(line.text).toBe(
      'Port 41817 används redan av ett annat program, så det lokala API:et kunde inte starta. Verktyg som är inställda på den här porten kan skicka sina nycklar till det programmet.',
    );
    expect(line.help).toContain('Välj en annan port här och spara, och ange sedan den nya adressen i dina verktyg.');
    expect(line).toMatchObject({ tone: 'problem', retry: true });
    const english = localApiStatusLine({ state: 'port_in_use', port: 41817 }, en);
    expect(english.text).toBe(
      'Port 41817 is already used by another program, so the local API could not start. Tools set up for this port may be sending their keys to that program.',
    );
    expect(english.help).toContain('Choose another port here and save, then give your tools the new address.');
  });

  it('tells turned off by the user apart from turned off by the IT department', () => {
    expect(localApiStatusLine({ state: 'off', by: 'managed' }, sv).text).toBe('Avstängt av din IT-avdelning.');
    expect(localApiStatusLine({ state: 'off', by: 'managed' }, en).text).toBe('Turned off by your IT department.');
    expect(localApiStatusLine({ state: 'off', by: 'user' }, sv).text).toMatch(/^Avstängt\. /);
  });

  it('names the error code of another failure, with a Try again', () => {
    expect(localApiStatusLine({ state: 'failed', port: 41817, code: 'EACCES' }, en)).toMatchObject({
      text: 'The local API could not start on port 41817 (EACCES).',
      retry: true,
    });
  });

  it('says it is still reading the status before main has answered', () => {
    expect(localApiStatusLine(null, sv)).toMatchObject({ text: sv.localApi.unknown, retry: false });
  });
});

describe('localApiViewReducer', () => {
  const view = (port: number): LocalApiView => ({
    settings: { enabled: true, port: null, defaultPort: 41817, locked: [] },
    status: { state: 'running', port },
  });

  it('never lets an older answer overwrite a pushed view', () => {
    const pushed = localApiViewReducer(INITIAL_LOCAL_API_VIEW, { type: 'pushed', status: view(2000) });
    expect(localApiViewReducer(pushed, { type: 'snapshot', status: view(1000) }).view).toEqual(view(2000));
    expect(localApiViewReducer(INITIAL_LOCAL_API_VIEW, { type: 'snapshot', status: view(1000) }).view).toEqual(view(1000));
  });
});
