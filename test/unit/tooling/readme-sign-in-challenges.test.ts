import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHALLENGE_POLICY, MAX_OUTSTANDING_CHALLENGES } from '../../../server/auth/oidc-challenges';
import { FIRM_API_ERRORS } from '../../../server/http/firm-errors';
import { FIRM_ROUTE_PATHS } from '../../../server/http/firm-routes';

const README = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

/** The README's paragraph on the sign-in challenge table's bound, whitespace collapsed (it is wrapped in a list item). */
function challengeParagraph(): string {
  const start = README.indexOf('**Sign-in challenges under a flood.**');
  expect(start, 'the paragraph is in the README').toBeGreaterThan(-1);
  const end = README.indexOf('\n\n', start);
  return README.slice(start, end === -1 ? undefined : end).replace(/\s+/g, ' ');
}

describe('the README on sign-in challenges under a flood', () => {
  it('is inside "Run the firm server", at the sign-in step', () => {
    const section = README.indexOf('## Run the firm server');
    const next = README.indexOf('\n## ', section + 1);
    const at = README.indexOf('**Sign-in challenges under a flood.**');
    expect(section).toBeGreaterThan(-1);
    expect(at).toBeGreaterThan(section);
    expect(at).toBeLessThan(next === -1 ? README.length : next);
    expect(at).toBeGreaterThan(README.indexOf('4. In the desktop app, turn on firm mode'));
    expect(at).toBeLessThan(README.indexOf('5. Connect a company as usual'));
  });

  it('gives the figures, the route and the status the server uses', () => {
    const text = challengeParagraph();
    expect(text).toContain(`at most ${MAX_OUTSTANDING_CHALLENGES.toLocaleString('en-US')} outstanding`);
    expect(text).toContain(`may ask for ${CHALLENGE_POLICY.maxFailures} per ${CHALLENGE_POLICY.windowMs / 60_000} minutes per replica`);
    expect(text).toContain(`\`POST ${FIRM_ROUTE_PATHS.oidcChallenge}\``);
    expect(text).toContain(`refused with ${FIRM_API_ERRORS.too_many_attempts.status}`);
  });

  it('states the trade-off, that nothing is exposed, and what an operator can do', () => {
    const text = challengeParagraph();
    expect(text).toMatch(/flood of challenge requests from many addresses can push out the challenges of sign-ins still in progress/);
    expect(text).toMatch(/has to sign in again/);
    expect(text).toMatch(/Nothing is exposed: only each challenge's SHA-256 is stored/);
    expect(text).toMatch(/rate-limit .* at the TLS proxy/);
    expect(text).toContain('`TRUST_PROXY`');
  });
});
