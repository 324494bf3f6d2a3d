import { useId, useState } from 'react';
import { t } from '../../i18n';

/** The client secret: masked, with a reveal toggle; empty means "keep the saved one". */
export function SecretField({ value, onChange, hasSecret, error }: { value: string; onChange(value: string): void; hasSecret?: boolean; error?: string }) {
  const id = useId();
  const [shown, setShown] = useState(false);
  const hint = hasSecret === undefined ? undefined : hasSecret ? t.provider.clientSecretKept : t.provider.clientSecretNone;
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{t.provider.clientSecret}</label>
      <div className="copy-field">
        <input
          id={id}
          name="client_secret"
          type={shown ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          value={value}
          placeholder={hasSecret ? '••••••••' : ''}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
        <button type="button" className="button button-secondary" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
          {shown ? t.provider.hideSecret : t.provider.showSecret}
        </button>
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
