import { useId, useRef, useState } from 'react';
import { t } from '../i18n';
import { Button } from './Button';
import { CheckIcon, CopyIcon } from './Icons';

/**
 * A read-only value with a copy button (the callback URL, a new token). Falls back to
 * selecting the text and the old copy command where the Clipboard API is unavailable (plain
 * http on a non-local address).
 */
export function CopyField({ label, value, hint, name }: { label: string; value: string; hint?: string; name?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      input.current?.select();
      setState(document.execCommand('copy') ? 'copied' : 'failed');
    }
  }

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field">
        <input id={id} ref={input} name={name} value={value} readOnly onFocus={(e) => e.currentTarget.select()} aria-describedby={hint ? `${id}-hint` : undefined} />
        <Button onClick={() => void copy()} aria-label={`${t.common.copy} ${label}`}>
          {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
          <span>{state === 'copied' ? t.common.copied : t.common.copy}</span>
        </Button>
      </div>
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {state === 'failed' && <p className="field-error">{t.common.copyFailed}</p>}
    </div>
  );
}
