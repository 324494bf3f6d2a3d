import { t } from '../i18n';
import { ApiError } from './client';

/** An error in plain words: the console's own wording for known codes, else the server's. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'network') return t.errors.network;
    if (error.status >= 500) return t.errors.server;
    return (error.code && t.errors.byCode[error.code]) || error.message;
  }
  return t.errors.server;
}
