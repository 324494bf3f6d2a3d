import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits of randomness, URL-safe. */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored as their SHA-256: a database leak does not leak usable tokens. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function newId(): string {
  return crypto.randomUUID();
}

let sequence = 0;

/**
 * Ids that sort by time, then by order of creation in this process: log lists stay in the
 * order things happened even within one millisecond. 12 hex digits of milliseconds, a 6-digit
 * counter, and randomness so instances never collide.
 */
export function newTimeOrderedId(now: number): string {
  sequence = (sequence + 1) % 0x1000000;
  return `${now.toString(16).padStart(12, '0')}-${sequence.toString(16).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
}
