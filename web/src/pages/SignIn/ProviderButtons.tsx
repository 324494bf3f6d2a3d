import type { SignInOptions } from '../../api/types';
import { ProviderIcon } from '../../components/ProviderIcon';
import { t } from '../../i18n';

/**
 * One plain link per provider: the browser leaves for the provider and comes back through
 * /api/oidc/callback, which sets the session cookie and returns to `next`.
 */
export function ProviderButtons({ providers, next }: { providers: SignInOptions['providers']; next: string }) {
  if (providers.length === 0) return null;
  return (
    <ul className="provider-buttons">
      {providers.map((provider) => (
        <li key={provider.name}>
          <a className="button button-secondary button-block provider-button" href={`/api/oidc/login/${encodeURIComponent(provider.name)}?return_to=${encodeURIComponent(next)}`}>
            <ProviderIcon icon={provider.icon} label={provider.display_name} type={provider.type} />
            <span>{t.signIn.continueWith(provider.display_name)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}
