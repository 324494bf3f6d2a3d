import { useState } from 'react';
import { Button } from '../../components/Button';
import { CheckField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { useSession, type SecondStep } from '../../session/session';
import { BackupCodeList, TotpEnrolmentForm } from '../Account/TotpEnrolment';
import { ForgotPassword } from './ForgotPassword';

export function PasswordStep() {
  const { signIn } = useSession();
  const [second, setSecond] = useState<SecondStep>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState(false);
  const action = useAction(async (input: { username: string; password: string; remember: boolean }) => setSecond(await signIn(input)));

  if (second) return <SecondStepForm step={second} remember={remember} />;

  return (
    <>
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const incomplete = !username.trim() || !password;
          setMissing(incomplete);
          if (!incomplete) void action.run({ username: username.trim(), password, remember });
        }}
      >
        <TextField label={t.signIn.username} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />
        <TextField label={t.signIn.password} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <CheckField label={t.signIn.remember} name="remember" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
        {(missing || action.error) && <Notice kind="error">{missing ? t.signIn.missingFields : action.error}</Notice>}
        <Button type="submit" variant="primary" className="button-block" disabled={action.busy}>
          {action.busy ? t.signIn.submitting : t.signIn.submit}
        </Button>
      </form>
      <ForgotPassword />
    </>
  );
}

/** The second step: a code (2FA on), or setting 2FA up (required); `secret` '' after single sign-on (a cookie holds it). */
export function SecondStepForm({ step, remember }: { step: SecondStep; remember: boolean }) {
  return step.step === 'enrol' ? (
    <EnrolStep secret={step.secret} remember={remember} />
  ) : (
    <CodeStep secret={step.secret} remember={remember} emailed={step.step === 'email'} />
  );
}

/** "Trust this browser": a cookie that skips the code here for 30 days. */
function TrustField({ trust, setTrust }: { trust: boolean; setTrust: (value: boolean) => void }) {
  return <CheckField label={t.signIn.trust} hint={t.signIn.trustHint} name="trust" checked={trust} onChange={(e) => setTrust(e.target.checked)} />;
}

/** The second step when two-factor sign-in is on: a code from the app, or a backup code. */
function CodeStep({ secret, remember, emailed }: { secret: string; remember: boolean; emailed: boolean }) {
  const { signInWithCode } = useSession();
  const [code, setCode] = useState('');
  const [trust, setTrust] = useState(false);
  const [missing, setMissing] = useState(false);
  const action = useAction(signInWithCode);
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setMissing(!code.trim());
        if (code.trim()) void action.run({ secret, code: code.trim(), remember, trust });
      }}
    >
      <TextField
        label={t.signIn.code}
        hint={emailed ? t.signIn.emailCodeHint : t.signIn.codeHint}
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      <TrustField trust={trust} setTrust={setTrust} />
      {(missing || action.error) && <Notice kind="error">{missing ? t.signIn.codeMissing : action.error}</Notice>}
      <Button type="submit" variant="primary" className="button-block" disabled={action.busy}>
        {action.busy ? t.signIn.submitting : t.signIn.codeSubmit}
      </Button>
    </form>
  );
}

/**
 * 2FA is required and not set up: the QR code, the first code, then the backup codes (shown
 * once) before the console opens. The server opens no session before the code is right.
 */
function EnrolStep({ secret, remember }: { secret: string; remember: boolean }) {
  const { startEnrolment, finishEnrolment } = useSession();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string }>();
  const [code, setCode] = useState('');
  const [trust, setTrust] = useState(false);
  const [done, setDone] = useState<{ backupCodes: string[]; accept: () => void }>();
  const start = useAction(async () => setEnrolment(await startEnrolment({ secret })));
  const confirm = useAction(async () => setDone(await finishEnrolment({ secret, code: code.trim(), remember, trust })));

  if (done) {
    return (
      <div className="stack">
        <Notice kind="success">{t.signIn.enrolDone}</Notice>
        <BackupCodeList codes={done.backupCodes} />
        <Button variant="primary" className="button-block" onClick={done.accept}>
          {t.signIn.enrolContinue}
        </Button>
      </div>
    );
  }
  return (
    <div className="stack">
      <h2>{t.signIn.enrolTitle}</h2>
      <Notice kind="warning">{t.signIn.enrolIntro}</Notice>
      {start.error && <Notice kind="error">{start.error}</Notice>}
      {!enrolment ? (
        <Button variant="primary" className="button-block" disabled={start.busy} onClick={() => void start.run()}>
          {t.signIn.enrolStart}
        </Button>
      ) : (
        <TotpEnrolmentForm enrolment={enrolment} code={code} onCode={setCode} onConfirm={() => void confirm.run()} autoFocus>
          <TrustField trust={trust} setTrust={setTrust} />
          {confirm.error && <Notice kind="error">{confirm.error}</Notice>}
          <Button type="submit" variant="primary" className="button-block" disabled={confirm.busy || !code.trim()}>
            {t.signIn.enrolConfirm}
          </Button>
        </TotpEnrolmentForm>
      )}
    </div>
  );
}
