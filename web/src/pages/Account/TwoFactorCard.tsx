import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { EmailVerification } from './EmailVerification';
import { TrustedDevices } from './TrustedDevices';
import { useUser } from '../../session/session';

/** The otpauth:// URI as a QR code, drawn here in the browser (the seed never leaves it). */
export function QrCode({ uri }: { uri: string }) {
  const [src, setSrc] = useState('');
  useEffect(() => {
    let live = true;
    void toDataURL(uri, { margin: 1, width: 200 }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [uri]);
  return src ? <img src={src} width={200} height={200} alt={t.twoFactor.qrAlt} /> : null;
}

/** My account → Security: two-factor sign-in (TOTP): set up with a QR code, backup codes shown once, renew, turn off. */
export function TwoFactorCard() {
  const status = useResource(() => api.get('/api/account/2fa'), 'two-factor');
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string }>();
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [backupCodes, setBackupCodes] = useState<string[]>();
  // Renewing or turning it off takes the password, or a code: an account without a local
  // password (single sign-on, or the directory's, which deskgate cannot check here) uses a code.
  const byPassword = useUser().has_password;
  const proof = () => (byPassword ? { password } : { code: password.trim() });

  const start = useAction(async () => {
    setBackupCodes(undefined);
    setEnrolment(await api.post('/api/account/2fa/start'));
  });
  const renew = useAction(async () => {
    setBackupCodes(undefined);
    setEnrolment(await api.post('/api/account/2fa/renew', { body: proof() }));
    setPassword('');
    status.reload();
  });
  const confirm = useAction(async () => {
    const answer = await api.post('/api/account/2fa/confirm', { body: { code: code.trim() } });
    setBackupCodes(answer.backup_codes);
    setEnrolment(undefined);
    setCode('');
    status.reload();
  });
  const disable = useAction(async () => {
    await api.post('/api/account/2fa/disable', { body: proof() });
    setPassword('');
    setBackupCodes(undefined);
    status.reload();
  });

  const state = status.data;
  return (
    <section className="card stack" aria-labelledby="two-factor-title">
      <h2 id="two-factor-title">{t.twoFactor.title}</h2>
      <p className="muted">{t.twoFactor.intro}</p>
      {status.error !== undefined && <LoadError error={status.error} retry={status.reload} />}
      {!state && status.loading && <Loading />}
      {state?.required && !state.enabled && <Notice kind="error">{t.twoFactor.required}</Notice>}

      {backupCodes && (
        <div className="stack">
          <Notice kind="success">{t.twoFactor.enabledNow}</Notice>
          <p>{t.twoFactor.backupIntro}</p>
          <ul className="plain-list" aria-label={t.twoFactor.backupCodes}>
            {backupCodes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}

      {enrolment ? (
        <form
          className="stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (code.trim()) void confirm.run();
          }}
        >
          <p>{t.twoFactor.scan}</p>
          <QrCode uri={enrolment.uri} />
          <p className="muted small">
            {t.twoFactor.typeInstead} <code data-testid="totp-secret">{enrolment.secret}</code>
          </p>
          <TextField label={t.twoFactor.code} name="totp_code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} />
          {confirm.error && <Notice kind="error">{confirm.error}</Notice>}
          <div className="form-actions">
            <Button type="submit" variant="primary" disabled={confirm.busy || !code.trim()}>
              {t.twoFactor.turnOn}
            </Button>
          </div>
        </form>
      ) : (
        state &&
        (state.enabled ? (
          <form
            className="stack"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
            }}
          >
            {/* Just turned on: the notice above the new backup codes says so once. */}
            {!backupCodes && <Notice kind="success">{t.twoFactor.isOn(state.backup_codes_left)}</Notice>}
            <TextField
              label={byPassword ? t.account.currentPassword : t.twoFactor.proofCode}
              name="two_factor_password"
              type={byPassword ? 'password' : 'text'}
              autoComplete={byPassword ? 'current-password' : 'one-time-code'}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              hint={t.twoFactor.passwordHint}
            />
            {(disable.error || renew.error) && <Notice kind="error">{disable.error || renew.error}</Notice>}
            <div className="form-actions">
              <Button disabled={renew.busy || !password} onClick={() => void renew.run()}>
                {t.twoFactor.renew}
              </Button>
              <Button variant="danger" disabled={disable.busy || !password} onClick={() => void disable.run()}>
                {t.twoFactor.turnOff}
              </Button>
            </div>
            <TrustedDevices />
          </form>
        ) : (
          <div className="stack">
            {start.error && <Notice kind="error">{start.error}</Notice>}
            <div className="form-actions">
              <Button variant="primary" disabled={start.busy} onClick={() => void start.run()}>
                {t.twoFactor.setUp}
              </Button>
            </div>
            <EmailVerification />
          </div>
        ))
      )}
    </section>
  );
}
