import { t } from '../../i18n';

/** The largest limit the server accepts (src/services/settings.ts `max_authorized_users`). */
export const MAX_USER_LIMIT = 10_000_000;

/** Why the typed "Maximum number of authorized users" cannot be saved, or undefined when it can. */
export function userLimitProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return t.oidc.maxUsersEmpty;
  if (/^-\s*\d/.test(value)) return t.oidc.maxUsersNegative;
  if (/^\d+[.,]\d+$/.test(value)) return t.oidc.maxUsersFraction;
  if (!/^\d+$/.test(value)) return t.oidc.maxUsersNotNumber;
  if (value.length > 9 || Number(value) > MAX_USER_LIMIT) return t.oidc.maxUsersTooLarge(MAX_USER_LIMIT.toLocaleString('en'));
  return undefined;
}
