import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { t } from '../i18n';

interface Decorations {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  optional?: boolean;
}

function Frame({ id, label, hint, error, optional, children }: Decorations & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="field-optional"> ({t.common.optional})</span>}
      </label>
      {children}
      {hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

function described(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function TextField({ label, hint, error, optional, ...input }: Decorations & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described(id, hint, error)} {...input} />
    </Frame>
  );
}

export function TextAreaField({ label, hint, error, optional, ...input }: Decorations & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea id={id} aria-describedby={described(id, hint, error)} {...input} />
    </Frame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  optional,
  options,
  ...select
}: Decorations & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <Frame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select id={id} aria-describedby={described(id, hint, error)} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

/** A checkbox, or with `switch` a toggle switch (still a checkbox underneath, for forms and readers). */
export function CheckField({
  label,
  hint,
  switch: isSwitch = false,
  ...input
}: { label: ReactNode; hint?: ReactNode; switch?: boolean } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type'>) {
  const id = useId();
  return (
    <div className="check-field">
      <input id={id} type="checkbox" role={isSwitch ? 'switch' : undefined} className={isSwitch ? 'switch' : undefined} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint && (
          <p className="field-hint" id={`${id}-hint`}>
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
