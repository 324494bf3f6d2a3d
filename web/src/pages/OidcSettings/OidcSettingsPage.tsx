import { useState } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { Provider } from '../../api/types';
import { Button } from '../../components/Button';
import { PlusIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { NewProviderDialog } from './NewProviderDialog';
import { PageSettingsForm } from './PageSettingsForm';
import { ProviderCard } from './ProviderCard';

/** Settings → OIDC: the callback URL and page settings, then a card per provider. */
export function OidcSettingsPage() {
  const toast = useToast();
  const settings = useResource(() => api.get('/api/admin/oidc/settings'), 'settings');
  const loaded = useResource(() => api.get('/api/admin/oidc/providers'), 'providers');
  const [providers, setProviders] = useState<Provider[]>();
  const [creating, setCreating] = useState(false);
  const [orderError, setOrderError] = useState('');
  const list = providers ?? loaded.data;

  function replace(changed: Provider) {
    setProviders((list ?? []).map((p) => (p.id === changed.id ? changed : p)));
  }

  async function move(index: number, direction: -1 | 1) {
    if (!list) return;
    const ids = list.map((p) => p.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + direction, 0, moved);
    setOrderError('');
    try {
      setProviders(await api.put('/api/admin/oidc/providers/order', { body: { ids } }));
      toast(t.provider.moved);
    } catch (error) {
      setOrderError(errorMessage(error));
    }
  }

  return (
    <>
      <PageHeader title={t.oidc.title} intro={t.oidc.intro} />
      {settings.error !== undefined && <LoadError error={settings.error} retry={settings.reload} />}
      {settings.data ? <PageSettingsForm key={settings.data.public_url + settings.data.redirect_uri} settings={settings.data} onSaved={settings.reload} /> : settings.loading && <Loading />}

      <div className="section-header">
        <div>
          <h2>{t.oidc.providers}</h2>
          <p className="muted">{t.oidc.providersIntro}</p>
        </div>
        <Button variant="primary" onClick={() => setCreating(true)}>
          <PlusIcon />
          <span>{t.oidc.newProvider}</span>
        </Button>
      </div>
      {orderError && <Notice kind="error">{orderError}</Notice>}
      {loaded.error !== undefined && <LoadError error={loaded.error} retry={loaded.reload} />}
      {!list && loaded.loading && <Loading />}
      {list && list.length === 0 && <p className="empty">{t.oidc.noProviders}</p>}
      <div className="stack">
        {list?.map((provider, index) => (
          <ProviderCard
            key={provider.id}
            provider={provider}
            first={index === 0}
            last={index === list.length - 1}
            onChanged={replace}
            onDeleted={() => setProviders(list.filter((p) => p.id !== provider.id))}
            onMove={(direction) => void move(index, direction)}
          />
        ))}
      </div>
      {creating && (
        <NewProviderDialog
          onClose={() => setCreating(false)}
          onCreated={(provider) => setProviders([...(list ?? []), provider])}
          onChanged={(provider) => setProviders((current) => (current ?? []).map((p) => (p.id === provider.id ? provider : p)))}
        />
      )}
    </>
  );
}
