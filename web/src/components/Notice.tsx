import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon, InfoIcon } from './Icons';

type Kind = 'info' | 'warning' | 'error' | 'success';

/** A message in the page flow. Errors are announced to screen readers at once. */
export function Notice({ kind = 'info', children, title }: { kind?: Kind; children: ReactNode; title?: string }) {
  const icon = kind === 'success' ? <CheckIcon /> : kind === 'info' ? <InfoIcon /> : <AlertIcon />;
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {icon}
      <div>
        {title && <strong className="notice-title">{title}</strong>}
        {children}
      </div>
    </div>
  );
}

/** Text with `code` spans marked by backticks, as the messages write commands. */
export function WithCode({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>))}
    </>
  );
}
