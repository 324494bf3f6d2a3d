import type { Diagnostics as Result } from '../../api/types';
import { AlertIcon, CheckIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { t } from '../../i18n';

/** The provider test, check by check, in the server's plain words. */
export function Diagnostics({ result }: { result: Result }) {
  return (
    <Notice kind={result.ok ? 'success' : 'error'} title={result.ok ? t.provider.testOk : t.provider.testFailed}>
      <ul className="checks">
        {result.checks.map((check, i) => (
          <li key={`${check.name}-${i}`} className={check.ok ? 'check-ok' : 'check-failed'}>
            {check.ok ? <CheckIcon /> : <AlertIcon />}
            <span>
              <strong>{check.name}</strong> {check.message}
            </span>
          </li>
        ))}
      </ul>
    </Notice>
  );
}
