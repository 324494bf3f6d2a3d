import { t } from '../../i18n';

/** Why a sign-in failed, in words: the recorded code is never shown alone. */
export function reasonWords(code: string): string {
  return t.logs.reasons[code] ?? t.logs.unknownReason;
}
