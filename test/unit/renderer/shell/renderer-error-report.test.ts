import { describe, expect, it } from 'vitest';
import { rendererErrorReportSchema } from '../../../../shared/ipc-contract';
import { RENDERER_ERROR_STACK_LINES } from '../../../../shared/text-limits';
import { rendererErrorReport, shownError } from '../../../../renderer/src/shell/renderer-error-report';

describe('rendererErrorReport', () => {
  it('carries the error’s name, message and component stack', () => {
    const report = rendererErrorReport(new TypeError('x is undefined'), '\n    at CompanyRow\n    at VirtualList\n');
    expect(report).toEqual({ name: 'TypeError', message: 'x is undefined', componentStack: 'at CompanyRow\nat VirtualList' });
  });

  it('cuts a huge message and a deep component stack so that main’s contract always accepts the report', () => {
    const stack = Array.from({ length: 5000 }, (_, index) => `    at Component${index} (app://bundle/index.js:1:${index})`).join('\n');
    const report = rendererErrorReport(new Error('m'.repeat(100_000)), stack);
    expect(rendererErrorReportSchema.safeParse(report).success).toBe(true);
    expect(report.componentStack.split('\n').length).toBeLessThanOrEqual(RENDERER_ERROR_STACK_LINES);
    expect(report.componentStack.startsWith('at Component0 ')).toBe(true);
  });

  it('reports something thrown that is not an Error', () => {
    expect(rendererErrorReport('just a string', undefined)).toEqual({ name: 'Error', message: 'just a string', componentStack: '' });
  });
});

describe('shownError', () => {
  it('shows the error in the error view without a right-to-left override or line breaks', () => {
    expect(shownError(new Error('Bolag \u202Egnp.exe\nAB'))).toBe('Error: Bolag gnp.exe AB');
  });
});
