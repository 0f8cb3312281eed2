import { describe, expect, it } from 'vitest';
import { createRendererErrorLog } from '../../../../main/logging/renderer-error-log';
import { recordingLogger } from '../recording-logger';

const REPORT = { name: 'TypeError', message: 'x is undefined', componentStack: '\n    at CompanyRow\n    at VirtualList' };

describe('createRendererErrorLog', () => {
  it('writes the error name, message and component stack as one cleaned log line', () => {
    const logger = recordingLogger();
    const report = createRendererErrorLog(logger.log, () => 0);
    expect(report({ ...REPORT, message: 'bad \u202Egnp.exe name' })).toEqual({ logged: true });
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({
      level: 'error',
      message: 'renderer error',
      fields: { name: 'TypeError', message: 'bad gnp.exe name', componentStack: 'at CompanyRow at VirtualList' },
    });
  });

  it('redacts a secret the message carries, as every log line is', () => {
    const logger = recordingLogger();
    createRendererErrorLog(logger.log, () => 0)({ ...REPORT, message: 'failed at /callback?code=abc123&state=xyz' });
    expect(logger.text()).not.toContain('abc123');
    expect(logger.text()).not.toContain('xyz');
  });

  it('logs at most five reports a minute, then counts the dropped ones when the next minute opens', () => {
    const logger = recordingLogger();
    let now = 1_000;
    const report = createRendererErrorLog(logger.log, () => now);
    const results = Array.from({ length: 50 }, () => report(REPORT).logged);
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(logger.records).toHaveLength(5);
    now += 60_000;
    expect(report(REPORT)).toEqual({ logged: true });
    expect(logger.records.map((record) => record.message)).toEqual([
      ...Array<string>(5).fill('renderer error'),
      'renderer errors not logged (rate limit)',
      'renderer error',
    ]);
    expect(logger.records[5]?.fields).toEqual({ dropped: 45 });
  });
});
