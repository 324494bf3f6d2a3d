import { api } from '../../api/client';
import type { RendezvousClientSettings } from '../../api/types';
import { CopyField } from '../../components/CopyField';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

/**
 * Settings → Key: the four things a RustDesk client enters, each to copy, and how to keep the key
 * pair safe. The page only shows it: the pair is made on first start and changed with the CLI.
 */
export function KeySettingsPage() {
  const settings = useResource(() => api.get('/api/admin/rendezvous'), 'rendezvous');
  return (
    <>
      <PageHeader title={t.rendezvousKey.title} intro={t.rendezvousKey.intro} />
      {settings.error !== undefined && <LoadError error={settings.error} retry={settings.reload} />}
      {!settings.data && settings.loading && <Loading />}
      {settings.data && <ClientSettings settings={settings.data} />}
    </>
  );
}

function ClientSettings({ settings }: { settings: RendezvousClientSettings }) {
  const k = t.rendezvousKey;
  return (
    <>
      <section className="card stack" aria-labelledby="client-settings">
        <h2 id="client-settings">{k.clientSettings}</h2>
        <CopyField label={k.idServer} name="id_server" value={settings.id_server} />
        <CopyField label={k.relayServer} name="relay_server" value={settings.relay_server} />
        <CopyField label={k.apiServer} name="api_server" value={settings.api_server} />
        <CopyField label={k.key} name="public_key" value={settings.public_key} hint={k.keyHint} />
      </section>
      <section className="card stack" aria-labelledby="key-backup">
        <h2 id="key-backup">{k.backupTitle}</h2>
        <p>{k.backup}</p>
        <p>
          <code>{k.backupCommand}</code>
        </p>
        <p className="muted">{k.importHint}</p>
      </section>
    </>
  );
}
