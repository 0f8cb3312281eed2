import { randomBytes } from 'node:crypto';

/** A source of cryptographically secure random bytes (node:crypto in the app, scripted in tests). */
export type RandomBytes = (size: number) => Uint8Array;

/** The app's CSPRNG. */
export const cryptoRandomBytes: RandomBytes = (size) => randomBytes(size);

/** `size` random bytes as base64url without padding. */
export function randomToken(random: RandomBytes, size: number): string {
  return Buffer.from(random(size)).toString('base64url');
}
