import { useState } from 'react';
import { api } from '../../api/client';
import type { OidcSettings } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CopyField } from '../../components/CopyField';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { callbackUrl, isLocalOrigin } from './provider-presets';

/**
 * The callback URL as the seed describes it: this page's origin + /api/oidc/callback, read-only
 * with a copy button, and a warning when deskgate would send providers something else. Pinning
 * this page's address as the public URL is its own action, confirmed with the old and the new
 * callback URL (DESIGN.md "Public URL"); saving the page's other settings never changes it.
 */
export function CallbackUrl({ settings, onPinned }: { settings: OidcSettings; onPinned(): void }) {
  const [pinning, setPinning] = useState(false);
  const toast = useToast();
  // The callback URL stays what it is: nothing to confirm, only pinned.
  const pinSame = useAction(async () => {
    await pin();
    toast(t.oidc.pinned);
    onPinned();
  });
  const url = callbackUrl();
  const https = window.location.protocol === 'https:';
  const insecure = !https && !isLocalOrigin();
  const pinnable = settings.redirect_uri_source !== 'DESKGATE_PUBLIC_URL' && (settings.redirect_uri !== url || settings.redirect_uri_source === 'request');
  return (
    <div className="stack">
      <CopyField label={t.oidc.callbackUrl} name="callback_url" value={url} hint={t.oidc.callbackHelp} />
      {insecure && <Notice>{t.oidc.entraNote}</Notice>}
      {insecure && <Notice kind="warning">{t.oidc.insecureWarning}</Notice>}
      {settings.redirect_uri !== url && (
        <Notice kind="warning">
          {settings.redirect_uri_source === 'DESKGATE_PUBLIC_URL' ? t.oidc.envWarning(settings.redirect_uri) : t.oidc.mismatchWarning(settings.redirect_uri)}
        </Notice>
      )}
      {settings.redirect_uri === url && settings.redirect_uri_source === 'request' && <Notice>{t.oidc.requestWarning}</Notice>}
      {pinnable && (
        <div>
          <Button disabled={pinSame.busy} onClick={() => (settings.redirect_uri === url ? void pinSame.run() : setPinning(true))}>
            {t.oidc.pinButton}
          </Button>
        </div>
      )}
      {pinSame.error && <Notice kind="error">{pinSame.error}</Notice>}
      {pinning && <PinDialog from={settings.redirect_uri} to={url} onClose={() => setPinning(false)} onPinned={onPinned} />}
    </div>
  );
}

/** Makes this page's origin the public URL (callbacks, logout addresses, links in e-mails). */
async function pin(): Promise<void> {
  await api.put('/api/admin/oidc/settings', { body: { public_url: window.location.origin } });
}

/** "Use this address for callbacks?": the callback URL deskgate sends now and the one it will send. */
function PinDialog({ from, to, onClose, onPinned }: { from: string; to: string; onClose(): void; onPinned(): void }) {
  const toast = useToast();
  const confirmed = useAction(async () => {
    await pin();
    toast(t.oidc.pinned);
    onClose();
    onPinned();
  });
  return (
    <Dialog
      title={t.oidc.pinTitle}
      onClose={onClose}
      onSubmit={() => void confirmed.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={confirmed.busy}>
            {confirmed.busy ? t.common.working : t.oidc.pinConfirm}
          </Button>
        </>
      }
    >
      <dl className="check-details">
        <dt>{t.oidc.pinNow}</dt>
        <dd>
          <code data-callback="now">{from}</code>
        </dd>
        <dt>{t.oidc.pinAfter}</dt>
        <dd>
          <code data-callback="after">{to}</code>
        </dd>
      </dl>
      <p>{t.oidc.pinBody}</p>
      {confirmed.error && <Notice kind="error">{confirmed.error}</Notice>}
    </Dialog>
  );
}
