import type { OidcSettings } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { Notice } from '../../components/Notice';
import { t } from '../../i18n';
import { callbackUrl, isLocalOrigin } from './provider-presets';

/**
 * The callback URL as the seed describes it: this page's origin + /api/oidc/callback, read-only
 * with a copy button, and a warning when deskgate would send providers something else.
 */
export function CallbackUrl({ settings }: { settings: OidcSettings }) {
  const url = callbackUrl();
  const insecure = window.location.protocol !== 'https:' && !isLocalOrigin();
  return (
    <div className="stack">
      <CopyField label={t.oidc.callbackUrl} name="callback_url" value={url} hint={t.oidc.callbackHelp} />
      <Notice>{t.oidc.entraNote}</Notice>
      {insecure && <Notice kind="warning">{t.oidc.insecureWarning}</Notice>}
      {settings.redirect_uri !== url && (
        <Notice kind="warning">
          {settings.redirect_uri_source === 'DESKGATE_PUBLIC_URL' ? t.oidc.envWarning(settings.redirect_uri) : t.oidc.mismatchWarning(settings.redirect_uri)}
        </Notice>
      )}
      {settings.redirect_uri === url && settings.redirect_uri_source === 'request' && <Notice>{t.oidc.requestWarning}</Notice>}
    </div>
  );
}
