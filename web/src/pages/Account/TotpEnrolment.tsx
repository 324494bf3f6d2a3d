import { toDataURL } from 'qrcode';
import { useEffect, useState, type ReactNode } from 'react';
import { TextField } from '../../components/Field';
import { t } from '../../i18n';

/** The otpauth:// URI as a QR code, drawn here in the browser (the seed never leaves it). */
function QrCode({ uri }: { uri: string }) {
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

/**
 * Setting up an authenticator app, in My account and at a sign-in that requires it: the QR code
 * (or the secret to type), and the first code the app shows. `onConfirm` runs only with a code
 * typed; `children` follow the code field (options, the error, the submit button).
 */
export function TotpEnrolmentForm(props: {
  enrolment: { secret: string; uri: string };
  code: string;
  onCode: (code: string) => void;
  onConfirm: () => void;
  autoFocus?: boolean;
  children: ReactNode;
}) {
  const { enrolment, code } = props;
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (code.trim()) props.onConfirm();
      }}
    >
      <p>{t.twoFactor.scan}</p>
      <QrCode uri={enrolment.uri} />
      <p className="muted small">
        {t.twoFactor.typeInstead} <code data-testid="totp-secret">{enrolment.secret}</code>
      </p>
      <TextField label={t.twoFactor.code} name="totp_code" autoComplete="one-time-code" autoFocus={props.autoFocus} value={code} onChange={(e) => props.onCode(e.target.value)} />
      {props.children}
    </form>
  );
}

/** The backup codes, shown once after two-factor sign-in is set up. */
export function BackupCodeList({ codes }: { codes: string[] }) {
  return (
    <>
      <p>{t.twoFactor.backupIntro}</p>
      <ul className="plain-list" aria-label={t.twoFactor.backupCodes}>
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
