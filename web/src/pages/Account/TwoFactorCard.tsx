import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { EmailVerification } from './EmailVerification';
import { BackupCodeList, TotpEnrolmentForm } from './TotpEnrolment';
import { TrustedDevices } from './TrustedDevices';
import { useUser } from '../../session/session';

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
          <BackupCodeList codes={backupCodes} />
        </div>
      )}

      {enrolment ? (
        <TotpEnrolmentForm enrolment={enrolment} code={code} onCode={setCode} onConfirm={() => void confirm.run()}>
          {confirm.error && <Notice kind="error">{confirm.error}</Notice>}
          <div className="form-actions">
            <Button type="submit" variant="primary" disabled={confirm.busy || !code.trim()}>
              {t.twoFactor.turnOn}
            </Button>
          </div>
        </TotpEnrolmentForm>
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
