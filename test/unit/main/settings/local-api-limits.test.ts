import { describe, expect, it } from 'vitest';
import { effectiveLocalApiLimits, limitPreferences } from '../../../../main/settings/local-api-limits';

const MB = 1024 * 1024;

describe('effectiveLocalApiLimits', () => {
  it('is 100 MB answers, 10 MB request bodies and a 30-second queue wait when nothing is set', () => {
    expect(effectiveLocalApiLimits(undefined, undefined)).toEqual({ responseLimitBytes: 100 * MB, bodyLimitBytes: 10 * MB, rateLimitWaitMs: 30_000 });
  });

  it("takes the user's settings.json values in the proxy's units", () => {
    expect(effectiveLocalApiLimits({ maxResponseMB: 5, maxRequestMB: 2, queueWaitSeconds: 60 }, undefined)).toEqual({ responseLimitBytes: 5 * MB, bodyLimitBytes: 2 * MB, rateLimitWaitMs: 60_000 });
  });

  it("lets each managed value win over the user's, field by field", () => {
    expect(effectiveLocalApiLimits({ maxResponseMB: 500, queueWaitSeconds: 60 }, { maxResponseMB: 20 })).toEqual({ responseLimitBytes: 20 * MB, bodyLimitBytes: 10 * MB, rateLimitWaitMs: 60_000 });
  });
});

describe('limitPreferences', () => {
  it('keeps only the limit fields that are set', () => {
    expect(limitPreferences({ enabled: false, port: 41900, maxResponseMB: 5 })).toEqual({ maxResponseMB: 5 });
    expect(limitPreferences(undefined)).toEqual({});
  });
});
