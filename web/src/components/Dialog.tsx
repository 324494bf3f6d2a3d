import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { t } from '../i18n';
import { CloseIcon } from './Icons';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons at the bottom; with `onSubmit` the body is a form and a submit button sends it. */
  footer?: ReactNode;
  onSubmit?(event: FormEvent<HTMLFormElement>): void;
  /** wide: two-column forms; guided: a form with a guide beside it. */
  size?: 'normal' | 'wide' | 'guided';
}

/**
 * A modal on the native <dialog>: the browser traps focus, Escape closes it, and the page
 * behind is inert. Rendered only while open; closing is the parent's state change. It lives
 * in <body> (a portal), and its submit stops there, so a dialog opened from inside another
 * dialog's form never submits that form.
 */
export function Dialog({ title, onClose, children, footer, onSubmit, size = 'normal' }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    dialog.showModal();
    const onCancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      dialog.close();
    };
  }, []);

  const body = (
    <>
      <div className="dialog-body">{children}</div>
      {footer && <div className="dialog-footer">{footer}</div>}
    </>
  );
  return createPortal(
    <dialog ref={ref} className={`dialog${size === 'normal' ? '' : ` dialog-${size}`}`} aria-labelledby={titleId}>
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label={t.common.close}>
          <CloseIcon />
        </button>
      </div>
      {onSubmit ? (
        <form
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            event.stopPropagation();
            onSubmit(event);
          }}
        >
          {body}
        </form>
      ) : (
        body
      )}
    </dialog>,
    document.body,
  );
}
