import { useAction } from '../hooks/use-action';
import { t } from '../i18n';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { Notice } from './Notice';

/** "Are you sure?" for anything that cannot be undone; stays open and explains if it fails. */
export function ConfirmDialog({
  title,
  body,
  confirmLabel,
  danger = true,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}) {
  const action = useAction(onConfirm);
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={() => void action.run().then((ok) => ok && onClose())}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} disabled={action.busy}>
            {action.busy ? t.common.working : confirmLabel}
          </Button>
        </>
      }
    >
      <p>{body}</p>
      {action.error && <Notice kind="error">{action.error}</Notice>}
    </Dialog>
  );
}
