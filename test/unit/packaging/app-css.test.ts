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
