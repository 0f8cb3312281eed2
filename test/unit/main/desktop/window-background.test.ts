import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WINDOW_BACKGROUNDS, windowBackground } from '../../../../main/desktop/window-background';

const css = readFileSync(path.resolve(__dirname, '../../../../renderer/src/styles/app.css'), 'utf8');

describe('the window’s background before the page paints', () => {
  it('is the page’s own --bg, light and dark, so neither theme flashes another colour', () => {
    const dark = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
    expect(css.slice(0, css.indexOf('@media (prefers-color-scheme: dark)'))).toContain(`--bg: ${WINDOW_BACKGROUNDS.light};`);
    expect(dark.slice(0, dark.indexOf('}'))).toContain(`--bg: ${WINDOW_BACKGROUNDS.dark};`);
  });

  it('follows the operating system’s theme', () => {
    expect(windowBackground(true)).toBe(WINDOW_BACKGROUNDS.dark);
    expect(windowBackground(false)).toBe(WINDOW_BACKGROUNDS.light);
  });
});
