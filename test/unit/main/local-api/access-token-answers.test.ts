import { describe, expect, it, vi } from 'vitest';
import { AccessTokenAnswers, MAX_KEPT_TOKEN_ANSWERS } from '../../../../main/local-api/access-token-answers';
import { accessTokenResponseSchema } from '../../../../shared/local-api-schemas';

const NOW = Date.UTC(2026, 2, 10, 12);
const HOUR = 60 * 60 * 1000;
const handed = { accessToken: 'access-token-one', expiresAt: NOW + HOUR, scopes: ['invoice', 'customer'] };

describe('AccessTokenAnswers', () => {
  it("answers with the token, its expiry, the seconds left, the scopes and the company, as the answer's schema says", () => {
    const body = new AccessTokenAnswers().body('101', handed, NOW);

    expect(accessTokenResponseSchema.parse(JSON.parse(body))).toEqual({
      accessToken: 'access-token-one',
      tokenType: 'bearer',
      expiresAt: new Date(NOW + HOUR).toISOString(),
      expiresIn: 3600,
      scopes: ['invoice', 'customer'],
      databaseNumber: '101',
    });
  });

  it('builds the answer once per second left: later requests in the same second get the same JSON without building it again', () => {
    const answers = new AccessTokenAnswers();
    const built = vi.spyOn(JSON, 'stringify');
    const first = answers.body('101', handed, NOW + 1);

    const same = [answers.body('101', { ...handed, scopes: [...handed.scopes] }, NOW + 500), answers.body('101', handed, NOW + 1_000)];
    const next = answers.body('101', handed, NOW + 1_001);
    const builds = built.mock.calls.length;
    built.mockRestore();

    expect(same).toEqual([first, first]);
    expect(JSON.parse(first).expiresIn).toBe(3599);
    expect(JSON.parse(next).expiresIn).toBe(3598);
    expect(builds).toBe(2);
  });

  it('answers with the new token, expiry or scopes at once when the company has them, and keeps companies apart', () => {
    const answers = new AccessTokenAnswers();
    answers.body('101', handed, NOW);

    expect(JSON.parse(answers.body('101', { ...handed, accessToken: 'access-token-two' }, NOW)).accessToken).toBe('access-token-two');
    expect(JSON.parse(answers.body('101', { ...handed, expiresAt: NOW + 2 * HOUR }, NOW)).expiresAt).toBe(new Date(NOW + 2 * HOUR).toISOString());
    expect(JSON.parse(answers.body('101', { ...handed, scopes: ['invoice'] }, NOW)).scopes).toEqual(['invoice']);
    expect(JSON.parse(answers.body('202', handed, NOW)).databaseNumber).toBe('202');
    expect(JSON.parse(answers.body('101', handed, NOW)).databaseNumber).toBe('101');
  });

  it("no longer holds a company's answer once it is forgotten (disconnected), and keeps the other companies'", () => {
    const answers = new AccessTokenAnswers();
    answers.body('101', handed, NOW);
    answers.body('202', handed, NOW);

    answers.forget('101');

    expect(answers.holds('101')).toBe(false);
    expect(answers.holds('202')).toBe(true);
  });

  it('does not change a kept answer when the scopes handed in are changed afterwards', () => {
    const answers = new AccessTokenAnswers();
    const scopes = ['invoice'];
    const first = answers.body('101', { ...handed, scopes }, NOW);
    scopes.push('salary');

    expect(answers.body('101', { ...handed, scopes }, NOW)).not.toBe(first);
    expect(JSON.parse(answers.body('101', { ...handed, scopes }, NOW)).scopes).toEqual(['invoice', 'salary']);
  });

  it(`keeps the answers of at most ${MAX_KEPT_TOKEN_ANSWERS} companies`, () => {
    const answers = new AccessTokenAnswers();
    for (let i = 1; i <= MAX_KEPT_TOKEN_ANSWERS + 1; i += 1) answers.body(String(i), handed, NOW);

    expect((answers as unknown as { kept: Map<string, unknown> }).kept.size).toBeLessThanOrEqual(MAX_KEPT_TOKEN_ANSWERS);
  });
});
