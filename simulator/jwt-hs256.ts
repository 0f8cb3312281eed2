import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const HEADER = { alg: 'HS256', typ: 'JWT' } as const;

function encodePart(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Signs and verifies compact HS256 JWTs (RFC 7519) with one random key, as Fortnox's access tokens
 * are (fortnox.md section 3). The key never leaves the object, so like Fortnox's tokens they can
 * be decoded by anyone but checked only by the simulator that issued them.
 */
export class Hs256Signer {
  private readonly key = randomBytes(32);

  /** `header.payload.signature` for `payload`. */
  sign(payload: Record<string, unknown>): string {
    const input = `${encodePart(HEADER)}.${encodePart(payload)}`;
    return `${input}.${this.signature(input)}`;
  }

  /** The payload of `token` when its header says HS256 and the signature is ours, else undefined. */
  verify(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header = '', payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.signature(`${header}.${payload}`), 'utf8');
    const received = Buffer.from(signature, 'utf8');
    if (expected.length !== received.length || !timingSafeEqual(expected, received)) return undefined;
    const decodedHeader = decodePart(header);
    if (!isObject(decodedHeader) || decodedHeader.alg !== HEADER.alg) return undefined;
    const decoded = decodePart(payload);
    return isObject(decoded) ? decoded : undefined;
  }

  private signature(input: string): string {
    return createHmac('sha256', this.key).update(input, 'utf8').digest('base64url');
  }
}
