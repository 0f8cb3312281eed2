import type { LocalApiPreference } from '../../shared/local-api-status';
import { DEFAULT_PROXY_BODY_LIMIT_BYTES, DEFAULT_PROXY_RESPONSE_LIMIT_BYTES, DEFAULT_RATE_LIMIT_WAIT_MS } from '../local-api/fortnox-proxy';

/** The local API's limits in effect, in the units the proxy takes. */
export interface LocalApiLimits {
  responseLimitBytes: number;
  bodyLimitBytes: number;
  rateLimitWaitMs: number;
}

const MB = 1024 * 1024;

/** The limit fields of one source's settings (what Settings' own save must keep in settings.json). */
export function limitPreferences(preference: LocalApiPreference | undefined): Pick<LocalApiPreference, 'maxResponseMB' | 'maxRequestMB' | 'queueWaitSeconds'> {
  const { maxResponseMB, maxRequestMB, queueWaitSeconds } = preference ?? {};
  return {
    ...(maxResponseMB !== undefined ? { maxResponseMB } : {}),
    ...(maxRequestMB !== undefined ? { maxRequestMB } : {}),
    ...(queueWaitSeconds !== undefined ? { queueWaitSeconds } : {}),
  };
}

/**
 * The proxy's limits: the managed configuration's value, else the user's settings.json, else the
 * default (100 MB answers, 10 MB requests, 30 s queue wait), field by field. Ranges were checked
 * by the schema when each source was read.
 */
export function effectiveLocalApiLimits(user: LocalApiPreference | undefined, managed: LocalApiPreference | undefined): LocalApiLimits {
  const maxResponseMB = managed?.maxResponseMB ?? user?.maxResponseMB;
  const maxRequestMB = managed?.maxRequestMB ?? user?.maxRequestMB;
  const queueWaitSeconds = managed?.queueWaitSeconds ?? user?.queueWaitSeconds;
  return {
    responseLimitBytes: maxResponseMB !== undefined ? maxResponseMB * MB : DEFAULT_PROXY_RESPONSE_LIMIT_BYTES,
    bodyLimitBytes: maxRequestMB !== undefined ? maxRequestMB * MB : DEFAULT_PROXY_BODY_LIMIT_BYTES,
    rateLimitWaitMs: queueWaitSeconds !== undefined ? queueWaitSeconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS,
  };
}
