import type { Provider } from '../../api/types';
import { Notice } from '../../components/Notice';
import { formatDateTime, t } from '../../i18n';
import { reasonWords } from '../Logs/reasons';

/**
 * A failing provider's last error on its card: why and when its latest sign-in failed, until a
 * sign-in through it works again (the server decides; `last_error` is null then).
 */
export function ProviderLastError({ provider }: { provider: Provider }) {
  const error = provider.last_error;
  if (!error) return null;
  return (
    <Notice kind="warning" title={t.providerLastError.title}>
      <p className="provider-last-error">
        <strong>{reasonWords(error.reason)}</strong> {t.providerLastError.at(formatDateTime(error.at))}
      </p>
      {error.message && <p className="provider-last-error-message">{error.message}</p>}
      <p className="muted">{t.providerLastError.seeLog}</p>
    </Notice>
  );
}
