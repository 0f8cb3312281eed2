import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const README = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

describe('the README', () => {
  it('uses the UI\'s words for accountants: no "Tenant-id", "scope-strängen" or "Förval"', () => {
    expect(README).not.toMatch(/Tenant-id|tenant id,|scope-strängen|Förval/);
  });
});
