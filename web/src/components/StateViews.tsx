import { errorMessage } from '../api/errors';
import { t } from '../i18n';
import { Button } from './Button';
import { Notice } from './Notice';

export function Loading() {
  return (
    <p className="loading" role="status">
      {t.app.loading}
    </p>
  );
}

export function LoadError({ error, retry }: { error: unknown; retry?(): void }) {
  return (
    <Notice kind="error" title={t.common.loadFailed}>
      <p>{errorMessage(error)}</p>
      {retry && (
        <Button small onClick={retry}>
          {t.common.retry}
        </Button>
      )}
    </Notice>
  );
}
