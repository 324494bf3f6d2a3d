import { AppError } from '../errors.js';

/**
 * The fields RustDesk devices send in their unauthenticated calls (spec/rustdesk-client-api.md
 * §2.3, §5, §6): checked where they are used, unknown ones tolerated (§12 item 27).
 */

const ID_MAX = 100;
const UUID_MAX = 512;
/** A line of text a device reports: longer ones are cut, not refused (the client would only retry). */
export const TEXT_MAX = 512;
const U64_MAX = 18_446_744_073_709_551_615n;

/** A device's id and uuid, or `request.invalid`: without them a request names no device. */
export function deviceIdentity(body: Record<string, unknown> | undefined): { id: string; uuid: string } {
  return { id: deviceId(body?.id), uuid: deviceUuid(body?.uuid) };
}

export function deviceId(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > ID_MAX || /\p{Cc}/u.test(value)) {
    throw new AppError('request.invalid', { message: 'id must be a device id' });
  }
  return value.trim();
}

export function deviceUuid(value: unknown): string {
  if (typeof value !== 'string' || value === '' || value.length > UUID_MAX || /\p{Cc}/u.test(value)) {
    throw new AppError('request.invalid', { message: 'uuid must be the device’s uuid' });
  }
  return value;
}

/** Text a device reported, without control characters, at most `max` long; '' for anything not a string. */
export function deviceText(value: unknown, max = TEXT_MAX): string {
  return typeof value === 'string' ? value.replace(/[\p{Cc}]+/gu, ' ').trim().slice(0, max) : '';
}

/** An integer the client sent, or `fallback` for anything else (a float, a string, a number past 2^53). */
export function safeInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : fallback;
}

/**
 * A u64 (the controller's `session_id`) as decimal text: numbers past 2^53 reach deskgate as
 * decimal strings (http/body-parser.ts), and the `conn/active` query sends it as text (§12
 * item 14). '' when it is not one.
 */
export function u64Text(value: unknown): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,20}$/.test(text) || BigInt(text) > U64_MAX) return '';
  return BigInt(text).toString();
}

/** A JSON object sent as a string (file and alarm `info`, §6.3, §6.4); {} when it is not one. */
export function jsonObjectText(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  if (typeof value !== 'string' || value.length > 64 * 1024) return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
