import { randomBytes } from 'node:crypto';

/**
 * `size` bytes from the CSPRNG as base64url. Codes, session ids and pending-authorization ids all
 * come from here, so a test can never guess one and the simulator never teaches the app to rely on
 * predictable values.
 */
export function randomToken(size = 32): string {
  return randomBytes(size).toString('base64url');
}
