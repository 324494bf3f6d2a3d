import type { OidcSettings } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { t } from '../../i18n';

/**
 * The two logout addresses to register at a provider, beside the callback URL and on the same
 * public base: where it sends back-channel logout tokens, and where it returns the browser after
 * the console's sign-out signed the person out there too.
 */
export function LogoutUrls({ settings }: { settings: OidcSettings }) {
  const base = new URL(settings.redirect_uri).origin;
  return (
    <div className="stack">
      <CopyField label={t.oidc.backchannelLogoutUrl} name="backchannel_logout_url" value={`${base}/api/oidc/backchannel-logout`} hint={t.oidc.backchannelLogoutHelp} />
      <CopyField label={t.oidc.postLogoutUrl} name="post_logout_redirect_uri" value={`${base}/`} hint={t.oidc.postLogoutHelp} />
    </div>
  );
}
