import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Read as a file (not imported): the renderer's one stylesheet, as the build bundles it.
const css = readFileSync(path.resolve(__dirname, '../../../renderer/src/styles/app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

describe('app.css', () => {
  it('closes every rule, so no rule silently nests the ones after it (CSS nesting would accept that)', () => {
    let depth = 0;
    for (const character of css) {
      if (character === '{') depth += 1;
      if (character === '}') depth -= 1;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it('writes the code panel colours once, as variables, and frames the new views in forced colours', () => {
    expect(css.match(/#1f2633|#f2f5f8/gi)).toHaveLength(2);
    const forced = css.slice(css.indexOf('@media (forced-colors: active)'));
    for (const selector of ['.tool-example pre', '.key-row .key-value', '.key-table .status-badge', ".local-api-status > p[role='status']", '.activity-cell.status.problem']) {
      expect(forced).toContain(selector);
    }
  });
});

/** The custom properties declared in the `:root` blocks of `block` (a later declaration wins). */
function palette(block: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const root of block.matchAll(/:root\s*\{([^}]*)\}/g)) {
    for (const match of (root[1] ?? '').matchAll(/(--[a-z-]+):\s*([^;]+);/g)) values.set(match[1] ?? '', (match[2] ?? '').trim());
  }
  return values;
}

/** WCAG 2.2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

/** Text colour, background, both custom properties: every pair the app draws text with. */
const TEXT_PAIRS = [
  ['--text', '--bg'],
  ['--text', '--surface'],
  ['--text', '--sidebar-bg'],
  ['--text', '--nav-current-bg'],
  ['--muted', '--bg'],
  ['--muted', '--surface'],
  ['--muted', '--sidebar-bg'],
  ['--accent-text', '--nav-current-bg'],
  ['--accent-text', '--accent-soft'],
  ['--on-accent', '--accent'],
  ['--on-accent', '--accent-hover'],
  ['--on-accent', '--danger-solid'],
  ['--on-accent', '--danger-solid-hover'],
  ['--danger-text', '--surface'],
  ['--warning-text', '--warning-bg'],
  ['--error-text', '--error-bg'],
  ['--ok-text', '--success-bg'],
  ['--info-text', '--info-bg'],
  ['--text', '--info-bg'],
  ['--text', '--success-bg'],
  ['--text', '--neutral-bg'],
  ['--badge-text', '--badge-bg'],
  ['--focus', '--surface'],
  ['--link-hover', '--surface'],
  ['--code-text', '--code-bg'],
  ['--text', '--selected-bg'],
  ['--muted', '--selected-bg'],
] as const;

describe('app.css colours', () => {
  const dark = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
  const darkBlock = dark.slice(0, dark.indexOf('@media (forced-colors'));

  it('writes every colour as a custom property, so dark mode can swap them all (system colours only in forced colours)', () => {
    const outsideDeclarations = css
      .split('\n')
      .filter((line) => !/^\s*--[a-z-]+:/.test(line))
      .filter((line) => /#[0-9a-f]{3,8}\b|rgba?\(|hsla?\(/i.test(line));
    expect(outsideDeclarations).toEqual([]);
  });

  it('gives every light colour a dark one', () => {
    const light = palette(css.slice(0, css.indexOf('@media (prefers-color-scheme: dark)')));
    const darkPalette = palette(darkBlock);
    const colours = [...light.keys()].filter((name) => /^#|^rgb/.test(light.get(name) ?? ''));
    expect(colours.filter((name) => !darkPalette.has(name))).toEqual([]);
  });

  it('keeps text at WCAG AA contrast (4.5:1) in light and in dark mode', () => {
    const light = palette(css.slice(0, css.indexOf('@media (prefers-color-scheme: dark)')));
    const darkPalette = new Map([...light, ...palette(darkBlock)]);
    for (const [mode, colours] of [['light', light], ['dark', darkPalette]] as const) {
      const failing = TEXT_PAIRS.map(([text, background]) => {
        const ratio = contrast(colours.get(text) ?? '', colours.get(background) ?? '');
        return { mode, text, background, ratio: Math.round(ratio * 100) / 100 };
      }).filter((pair) => !(pair.ratio >= 4.5));
      expect(failing).toEqual([]);
    }
  });
});
