import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../../renderer/src/i18n/messages';
import { INITIAL_LOCAL_API_VIEW, localApiStatusLine, localApiViewReducer } from '../../../renderer/src/local-api-status';
import type { LocalApiView } from '../../../shared/local-api-status';

const sv = MESSAGES.sv;
const en = MESSAGES.en;

describe('localApiStatusLine', () => {
  it('says where the API runs, as the address tools use', () => {
    expect(localApiStatusLine({ state: 'running', port: 41817 }, sv)).toMatchObject({ text: 'Körs på http://127.0.0.1:41817', tone: 'ok', retry: false });
    expect(localApiStatusLine({ state: 'running', port: 41817 }, en).text).toBe('Running on http://127.0.0.1:41817');
  });

  it('says a port is taken by another program, with what to do and a Try again', () => {
    const line = localApiStatusLine({ state: 'port_in_use', port: 41817 }, sv);
    expect(line.text).toBe('Port 41817 används redan av ett annat program, så det lokala API:et kunde inte starta.');
    expect(line.help).toContain('Välj en annan port');
    expect(line).toMatchObject({ tone: 'problem', retry: true });
    expect(localApiStatusLine({ state: 'port_in_use', port: 41817 }, en).text).toBe('Port 41817 is already used by another program, so the local API could not start.');
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
